package dev.kck.store.postgres;

import java.sql.PreparedStatement;
import javax.sql.DataSource;

/**
 * Raises the postgres store's one version sequence to at least a given version, after entries
 * were loaded with versions it did not hand out ({@code kck load} of a dump, say from Cassandra,
 * whose versions are clock microseconds). Without it the next refresh of a loaded key would take a
 * smaller version and lose its compare-and-set for ever.
 *
 * <p>Only moves the sequence up: a sequence already past the floor is left alone. A sequence is
 * not transactional, so a concurrent {@code nextval} that passes the floor between the check and
 * the {@code setval} could hand out a version twice; that needs the sequence already within a few
 * numbers of the floor, which a load from another store never meets.
 */
public final class PostgresVersionFloor {
  private static final String RAISE = """
      select setval('{schema}.versions', ?) from {schema}.versions where last_value < ?
      """;

  private PostgresVersionFloor() {}

  /** Raises the sequence of the {@value PostgresStore#DEFAULT_SCHEMA} schema to at least {@code version}. */
  public static void raise(DataSource dataSource, long version) {
    raise(dataSource, PostgresStore.DEFAULT_SCHEMA, version);
  }

  public static void raise(DataSource dataSource, String schema, long version) {
    String sql = PostgresSchema.sql(RAISE, PostgresSchema.quoted(schema));
    new Jdbc(dataSource).run("raise the version sequence", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setLong(1, version);
        statement.setLong(2, version);
        statement.execute();
        return null;
      }
    });
  }
}
