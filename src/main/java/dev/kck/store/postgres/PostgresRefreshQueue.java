package dev.kck.store.postgres;

import dev.kck.store.RefreshQueue;
import dev.kck.store.RefreshRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The durable refresh queue of the postgres store: one row per key in {@code refresh_queue}.
 *
 * <p>A row is claimable when {@code claimed_until} is null or past. Claiming locks its candidates
 * with {@code FOR UPDATE SKIP LOCKED}, so claimers on every instance split the queue without
 * waiting on each other and never claim one key twice. A released (failed) refresh keeps its row
 * with {@code claimed_by} null and {@code claimed_until} at the retry time: a back-off no one holds.
 *
 * <p>Every time is the database's {@code clock_timestamp()}, so instances whose clocks disagree
 * still agree on when a claim expires and which request is oldest.
 */
final class PostgresRefreshQueue implements RefreshQueue {
  // generation comes from one sequence for all keys, so a key queued again after completion never
  // reuses the generation of an older claim.
  private static final String REQUEST = """
      insert into {schema}.refresh_queue as q (key, demand, first_requested, generation)
      values (?, ?, clock_timestamp(), nextval('{schema}.refresh_generations'))
      on conflict (key) do update
        set demand = q.demand + excluded.demand, generation = excluded.generation
      """;

  // REQUEST for a whole array of distinct keys, in one statement and one commit.
  private static final String REQUEST_MANY = """
      insert into {schema}.refresh_queue as q (key, demand, first_requested, generation)
      select requested.key, ?, clock_timestamp(), nextval('{schema}.refresh_generations')
      from unnest(?::text[]) as requested(key)
      on conflict (key) do update
        set demand = q.demand + excluded.demand, generation = excluded.generation
      """;

  /** Keys per REQUEST_MANY statement: bounds one transaction's row locks and the array's size. */
  static final int REQUEST_BATCH = 1000;

  // One statement: pick (skipping rows another claimer has locked), claim, and return in pick
  // order (an update's returning clause keeps no order of its own).
  private static final String CLAIM = """
      with picked as (
        select key
        from {schema}.refresh_queue
        where claimed_until is null or claimed_until <= clock_timestamp()
        order by demand desc, first_requested
        limit ?
        for update skip locked),
      claimed as (
        update {schema}.refresh_queue q
        set claimed_by = ?, claimed_until = clock_timestamp() + ? * interval '1 microsecond'
        from picked
        where q.key = picked.key
        returning q.key, q.demand, q.first_requested, q.generation)
      select key, demand, first_requested, generation
      from claimed
      order by demand desc, first_requested
      """;

  private static final String COMPLETE = """
      delete from {schema}.refresh_queue
      where key = ? and claimed_by = ? and generation = ?
      """;

  // Requested again during the refresh: claimable at once, counting only the demand added since
  // the claim, and queued as of now so that a key requested non-stop cannot starve older ones.
  private static final String REQUEUE = """
      update {schema}.refresh_queue
      set claimed_by = null, claimed_until = null,
          demand = greatest(demand - ?, 1), first_requested = clock_timestamp()
      where key = ? and claimed_by = ?
      """;

  private static final String RELEASE = """
      update {schema}.refresh_queue
      set claimed_by = null, claimed_until = clock_timestamp() + ? * interval '1 microsecond'
      where key = ? and claimed_by = ?
      """;

  private static final String COUNT = """
      select count(*) from {schema}.refresh_queue
      """;

  private final Jdbc jdbc;
  private final String request;
  private final String requestMany;
  private final String claim;
  private final String complete;
  private final String requeue;
  private final String release;
  private final String count;

  PostgresRefreshQueue(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.request = PostgresSchema.sql(REQUEST, quotedSchema);
    this.requestMany = PostgresSchema.sql(REQUEST_MANY, quotedSchema);
    this.claim = PostgresSchema.sql(CLAIM, quotedSchema);
    this.complete = PostgresSchema.sql(COMPLETE, quotedSchema);
    this.requeue = PostgresSchema.sql(REQUEUE, quotedSchema);
    this.release = PostgresSchema.sql(RELEASE, quotedSchema);
    this.count = PostgresSchema.sql(COUNT, quotedSchema);
  }

  @Override
  public void request(String key, long demand) {
    jdbc.run("queue a refresh", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(request)) {
        statement.setString(1, key);
        statement.setLong(2, demand);
        return statement.executeUpdate();
      }
    });
  }

  /**
   * Sorted and deduplicated first: an upsert cannot touch one row twice, and two fan-outs that lock
   * rows in the same order cannot deadlock each other.
   */
  @Override
  public void requestAll(Collection<String> keys, long demand) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(keys));
    for (int from = 0; from < sorted.size(); from += REQUEST_BATCH) {
      List<String> batch = sorted.subList(from, Math.min(sorted.size(), from + REQUEST_BATCH));
      jdbc.run("queue refreshes", connection -> {
        try (PreparedStatement statement = connection.prepareStatement(requestMany)) {
          statement.setLong(1, demand);
          statement.setArray(2, connection.createArrayOf("text", batch.toArray()));
          return statement.executeUpdate();
        }
      });
    }
  }

  @Override
  public List<RefreshRequest> claim(String owner, Duration lease, int limit) {
    return jdbc.run("claim refreshes", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(claim)) {
        statement.setInt(1, limit);
        statement.setString(2, owner);
        statement.setLong(3, Jdbc.micros(lease));
        try (ResultSet rows = statement.executeQuery()) {
          return requests(rows);
        }
      }
    });
  }

  /** Two statements: the requeue only runs, and only matches, when the delete found a newer request. */
  @Override
  public void complete(RefreshRequest claimed, String owner) {
    jdbc.run("complete a refresh", connection -> {
      if (delete(connection, claimed, owner) == 0) {
        requeue(connection, claimed, owner);
      }
      return null;
    });
  }

  @Override
  public void release(RefreshRequest claimed, String owner, Duration retryAfter) {
    jdbc.run("release a refresh", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(release)) {
        statement.setLong(1, Jdbc.micros(retryAfter));
        statement.setString(2, claimed.key());
        statement.setString(3, owner);
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public long pending() {
    return jdbc.run("count refreshes", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(count);
          ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    });
  }

  private int delete(Connection connection, RefreshRequest claimed, String owner) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(complete)) {
      statement.setString(1, claimed.key());
      statement.setString(2, owner);
      statement.setLong(3, claimed.generation());
      return statement.executeUpdate();
    }
  }

  private void requeue(Connection connection, RefreshRequest claimed, String owner) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(requeue)) {
      statement.setLong(1, claimed.demand());
      statement.setString(2, claimed.key());
      statement.setString(3, owner);
      statement.executeUpdate();
    }
  }

  private static List<RefreshRequest> requests(ResultSet rows) throws SQLException {
    List<RefreshRequest> requests = new ArrayList<>();
    while (rows.next()) {
      requests.add(new RefreshRequest(
          rows.getString("key"),
          rows.getLong("demand"),
          rows.getObject("first_requested", OffsetDateTime.class).toInstant(),
          rows.getLong("generation")));
    }
    return requests;
  }
}
