package dev.kck.store.postgres;

import dev.kck.store.QueueInspection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** What operators see of {@code refresh_queue}: two reads, never a lock on a row a claimer wants. */
final class PostgresQueueInspection implements QueueInspection {
  private static final String DEPTH = """
      select count(*), min(first_requested) from {schema}.refresh_queue
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
  private final String claims;

  PostgresQueueInspection(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.depth = PostgresSchema.sql(DEPTH, quotedSchema);
    this.claims = PostgresSchema.sql(CLAIMS, quotedSchema);
  }

  @Override
  public QueueSnapshot snapshot(int maxClaims) {
    return jdbc.run("inspect the refresh queue", connection -> {
      long rows;
      Instant oldest;
      try (PreparedStatement statement = connection.prepareStatement(depth); ResultSet result = statement.executeQuery()) {
        result.next();
        rows = result.getLong(1);
        OffsetDateTime first = result.getObject(2, OffsetDateTime.class);
        oldest = first == null ? null : first.toInstant();
      }
      List<Claim> claimed = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(claims)) {
        statement.setInt(1, maxClaims);
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            claimed.add(new Claim(result.getString(1), result.getString(2), result.getObject(3, OffsetDateTime.class).toInstant()));
          }
        }
      }
      return new QueueSnapshot(rows, oldest, claimed);
    });
  }
}
