package dev.kck.store.postgres;

import dev.kck.store.QueueView;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link QueueView} of the postgres store: two reads of {@code refresh_queue}. */
public final class PostgresQueueView implements QueueView {
  private static final String COUNTS = """
      select count(*), count(*) filter (where claimed_by is not null and claimed_until > clock_timestamp())
      from {schema}.refresh_queue
      """;

  private static final String OLDEST = """
      select key, first_requested, demand from {schema}.refresh_queue order by first_requested limit 1
      """;

  private final Jdbc jdbc;
  private final String counts;
  private final String oldest;

  /** The view of the {@value PostgresStore#DEFAULT_SCHEMA} schema's queue. */
  public PostgresQueueView(DataSource dataSource) {
    String quoted = PostgresSchema.quoted(PostgresStore.DEFAULT_SCHEMA);
    this.jdbc = new Jdbc(dataSource);
    this.counts = PostgresSchema.sql(COUNTS, quoted);
    this.oldest = PostgresSchema.sql(OLDEST, quoted);
  }

  @Override
  public Summary summary() {
    return jdbc.run("inspect the refresh queue", connection -> {
      long depth;
      long claimed;
      try (PreparedStatement statement = connection.prepareStatement(counts);
          ResultSet row = statement.executeQuery()) {
        row.next();
        depth = row.getLong(1);
        claimed = row.getLong(2);
      }
      try (PreparedStatement statement = connection.prepareStatement(oldest);
          ResultSet row = statement.executeQuery()) {
        Optional<Oldest> first = row.next()
            ? Optional.of(new Oldest(row.getString(1), row.getObject(2, OffsetDateTime.class).toInstant(), row.getLong(3)))
            : Optional.empty();
        return new Summary(depth, claimed, first);
      }
    });
  }
}
