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
 * The durable queue of webhook deliveries, in the source database beside the update outbox and
 * taken the same way: a row is claimed for a while (a sender that dies leaves it to be taken again
 * when the claim lapses), deleted once the receiver acknowledged it, and postponed when it did not.
 * Only the first pending delivery of each URL and key is ever claimable, so a key's versions reach
 * a receiver one after the other, in version order, however many instances send.
 */
public final class WebhookOutbox {
  private static final String ENQUEUE = """
      insert into kck.webhook_deliveries (product, url, key, version, message_id, body)
      values (?, ?, ?, ?, ?, ?)
      """;

  // The head of each (url, key) line; of those, the due ones not being taken by another sender.
  private static final String CLAIM_DUE = """
      with heads as (
        select distinct on (url, key) id
        from kck.webhook_deliveries
        order by url, key, version, id),
      due as (
        select d.id from kck.webhook_deliveries d join heads h on h.id = d.id
        where d.due_at <= clock_timestamp()
        order by d.id
        limit ?
        for update of d skip locked)
      update kck.webhook_deliveries w
      set attempts = w.attempts + 1, due_at = clock_timestamp() + ? * interval '1 millisecond'
      from due
      where w.id = due.id
      returning w.id, w.product, w.url, w.key, w.version, w.message_id, w.body, w.attempts
      """;

  private static final String DELIVERED = "delete from kck.webhook_deliveries where id = ?";

  private static final String RETRY_LATER = """
      update kck.webhook_deliveries
      set due_at = clock_timestamp() + ? * interval '1 millisecond', last_error = ?
      where id = ?
      """;

  private static final String BACKLOG = """
      select count(*), coalesce(extract(epoch from clock_timestamp() - min(created_at)) * 1000, 0)::bigint
      from kck.webhook_deliveries
      """;

  private final JournalSchema schema;
  private final DataSource source;

  /** A delivery to make: the body is sent as is, signed with {@code messageId} (the same on every attempt). */
  public record Delivery(String product, String url, String key, long version, String messageId, byte[] body) {}

  /** A delivery taken by this sender; {@code attempts} counts this one. */
  public record Claimed(long id, Delivery delivery, int attempts) {}

  /** What waits: how many deliveries, and for how long the oldest has (0 when none). */
  public record Backlog(long pending, long oldestAgeMillis) {}

  public WebhookOutbox(JournalSchema schema, DataSource source) {
    this.schema = schema;
    this.source = source;
  }

  /** Writes the deliveries in one transaction: all are queued, or none (and this throws). */
  public void enqueue(List<Delivery> deliveries) {
    Journal.run(schema, source, "queue webhook deliveries", connection -> {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(ENQUEUE)) {
        for (Delivery delivery : deliveries) {
          statement.setString(1, delivery.product());
          statement.setString(2, delivery.url());
          statement.setString(3, delivery.key());
          statement.setLong(4, delivery.version());
          statement.setString(5, delivery.messageId());
          statement.setBytes(6, delivery.body());
          statement.addBatch();
        }
        statement.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
      return null;
    });
  }

  /** Takes up to {@code limit} due deliveries, each the first pending one of its URL and key, for {@code claim}. */
  public List<Claimed> claimDue(int limit, Duration claim) {
    return Journal.run(schema, source, "take due webhook deliveries", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(CLAIM_DUE)) {
        statement.setInt(1, limit);
        statement.setLong(2, claim.toMillis());
        List<Claimed> claimed = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            claimed.add(new Claimed(rows.getLong(1), new Delivery(rows.getString(2), rows.getString(3),
                rows.getString(4), rows.getLong(5), rows.getString(6), rows.getBytes(7)), rows.getInt(8)));
          }
        }
        // Oldest first overall; within a key there is only ever one.
        claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
        return claimed;
      }
    });
  }

  /** The receiver acknowledged it (or its webhook is gone): it leaves the queue. */
  public void delivered(long id) {
    Journal.run(schema, source, "remove a delivered webhook", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(DELIVERED)) {
        statement.setLong(1, id);
        return statement.executeUpdate();
      }
    });
  }

  /** The attempt failed: tried again after {@code delay}; the error is kept for operators. */
  public void retryLater(long id, Duration delay, String error) {
    Journal.run(schema, source, "postpone a webhook delivery", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(RETRY_LATER)) {
        statement.setLong(1, delay.toMillis());
        statement.setString(2, error);
        statement.setLong(3, id);
        return statement.executeUpdate();
      }
    });
  }

  /** The deliveries waiting, cluster-wide. */
  public Backlog backlog() {
    return Journal.run(schema, source, "count webhook deliveries", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(BACKLOG);
          ResultSet row = statement.executeQuery()) {
        row.next();
        return new Backlog(row.getLong(1), row.getLong(2));
      }
    });
  }
}
