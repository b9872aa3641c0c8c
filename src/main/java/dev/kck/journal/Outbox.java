package dev.kck.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The transactional outbox: an update's {@link Intent} is written in the update's own transaction,
 * so it exists exactly when the update committed, whatever the cache store is doing. A relay then
 * applies it and deletes it; one that fails, or dies, leaves it for a sweeper to take over when its
 * claim lapses. Each take-over counts an attempt: only a first attempt may apply an update in place
 * (a later one cannot know whether the earlier one did), so later ones recompute.
 */
public final class Outbox {
  private static final String WRITE = """
      insert into kck.outbox (updater, intent, attempts, claimed_until)
      values (?, ?::jsonb, 1, clock_timestamp() + ? * interval '1 millisecond')
      returning id
      """;

  // Oldest first; rows another sweeper is taking are skipped, not waited for.
  private static final String CLAIM_DUE = """
      with due as (
        select id from kck.outbox
        where claimed_until <= clock_timestamp()
        order by id
        limit ?
        for update skip locked)
      update kck.outbox o
      set attempts = o.attempts + 1, claimed_until = clock_timestamp() + ? * interval '1 millisecond'
      from due
      where o.id = due.id
      returning o.id, o.intent::text, o.attempts
      """;

  private static final String DONE = "delete from kck.outbox where id = ?";

  private static final String RETRY_LATER = """
      update kck.outbox set claimed_until = clock_timestamp() + ? * interval '1 millisecond' where id = ?
      """;

  private static final String PENDING = "select count(*) from kck.outbox";

  private final JournalSchema schema;
  private final DataSource source;

  /** An intent taken by this relay: its row, and which attempt this is (1: the committing instance's). */
  public record Claimed(long id, Intent intent, int attempts) {}

  public Outbox(JournalSchema schema, DataSource source) {
    this.schema = schema;
    this.source = source;
  }

  /**
   * Writes the intent in the update's transaction, claimed by the writer for {@code claim}; returns
   * its id.
   */
  public long write(Connection transaction, Intent intent, Duration claim) throws SQLException {
    schema.ensure();
    try (PreparedStatement statement = transaction.prepareStatement(WRITE)) {
      statement.setString(1, intent.updater());
      statement.setString(2, intent.toJson());
      statement.setLong(3, claim.toMillis());
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** Takes up to {@code limit} intents whose claim lapsed, for {@code lease}, oldest first. */
  public List<Claimed> claimDue(int limit, Duration lease) {
    return run("take due intents", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(CLAIM_DUE)) {
        statement.setInt(1, limit);
        statement.setLong(2, lease.toMillis());
        List<Claimed> claimed = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            claimed.add(new Claimed(rows.getLong(1), Intent.fromJson(rows.getString(2)), rows.getInt(3)));
          }
        }
        return claimed;
      }
    });
  }

  /** The intent is applied: it leaves the outbox. */
  public void done(long id) {
    update("delete an applied intent", DONE, id, null);
  }

  /** Applying it failed: a sweeper takes it again after {@code delay}. */
  public void retryLater(long id, Duration delay) {
    update("postpone an intent", RETRY_LATER, delay.toMillis(), id);
  }

  /** Intents not yet applied. */
  public long pending() {
    return run("count intents", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(PENDING);
          ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    });
  }

  private void update(String operation, String sql, long first, Long second) {
    run(operation, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setLong(1, first);
        if (second != null) {
          statement.setLong(2, second);
        }
        return statement.executeUpdate();
      }
    });
  }

  private <T> T run(String operation, Journal.Work<T> work) {
    return Journal.run(schema, source, operation, work);
  }
}
