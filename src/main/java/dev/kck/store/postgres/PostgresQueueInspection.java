package dev.kck.store.postgres;

import dev.kck.store.QueueInspection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** What operators see of {@code refresh_queue}: three reads, never a lock on a row a claimer wants. */
final class PostgresQueueInspection implements QueueInspection {
  private static final String DEPTH = """
      select count(*) from {schema}.refresh_queue
      """;

  private static final String OLDEST = """
      select key, first_requested, demand from {schema}.refresh_queue order by first_requested limit 1
      """;

  // Live claims only: a released request keeps claimed_until as its back-off, with claimed_by null.
  private static final String CLAIMS = """
      select key, claimed_by, claimed_until
      from {schema}.refresh_queue
      where claimed_by is not null and claimed_until > clock_timestamp()
      order by claimed_until, key
      limit ?
      """;

  private final Jdbc jdbc;
  private final String depth;
  private final String oldest;
  private final String claims;

  PostgresQueueInspection(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.depth = PostgresSchema.sql(DEPTH, quotedSchema);
    this.oldest = PostgresSchema.sql(OLDEST, quotedSchema);
    this.claims = PostgresSchema.sql(CLAIMS, quotedSchema);
  }

  @Override
  public QueueSnapshot snapshot(int maxClaims) {
    return jdbc.run("inspect the refresh queue", connection -> {
      long rows;
      try (PreparedStatement statement = connection.prepareStatement(depth); ResultSet result = statement.executeQuery()) {
        result.next();
        rows = result.getLong(1);
      }
      return new QueueSnapshot(rows, oldest(connection), claims(connection, maxClaims));
    });
  }

  private Oldest oldest(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(oldest); ResultSet result = statement.executeQuery()) {
      return result.next()
          ? new Oldest(result.getString(1), result.getObject(2, OffsetDateTime.class).toInstant(), result.getLong(3))
          : null;
    }
  }

  private List<Claim> claims(Connection connection, int maxClaims) throws SQLException {
    List<Claim> claimed = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(claims)) {
      statement.setInt(1, maxClaims);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          claimed.add(new Claim(result.getString(1), result.getString(2), result.getObject(3, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return claimed;
  }
}
