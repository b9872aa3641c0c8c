package dev.kck.store.postgres;

import dev.kck.kernel.KckException;
import dev.kck.store.CacheStore;
import java.sql.PreparedStatement;
import javax.sql.DataSource;

/**
 * The cache store in PostgreSQL tables (django-kck style): {@code entries} with the {@code
 * versions} sequence ({@link PostgresEntries}), {@code leases}, the durable {@code refresh_queue}
 * ({@link PostgresRefreshQueue}) and recorded {@code dependencies}, in one schema created on start
 * when absent. Every operation is one prepared statement on a pooled connection; failures become
 * {@link KckException.Unavailable}.
 *
 * <p>The caller owns the {@link DataSource} (it may be shared with the source database) and closes
 * it after the store.
 */
public final class PostgresStore {
  public static final String DEFAULT_SCHEMA = "kck";

  private PostgresStore() {}

  /** Opens the store in the {@value #DEFAULT_SCHEMA} schema, creating its tables when absent. */
  public static CacheStore open(DataSource dataSource) {
    return open(dataSource, DEFAULT_SCHEMA);
  }

  /**
   * Opens the store in {@code schema} ({@code [a-z_][a-z0-9_]{0,62}}), creating the schema and its
   * tables when absent; safe when several instances start at once.
   *
   * @throws IllegalArgumentException when the schema name is not allowed
   * @throws KckException.Unavailable when the database cannot be reached or refuses the DDL
   */
  public static CacheStore open(DataSource dataSource, String schema) {
    String quoted = PostgresSchema.quoted(schema);
    Jdbc jdbc = new Jdbc(dataSource);
    jdbc.run("prepare its tables", connection -> {
      PostgresSchema.create(connection, schema);
      return null;
    });
    PostgresKeyIndex index = new PostgresKeyIndex(jdbc, quoted);
    CacheStore.Insight insight =
        new CacheStore.Insight(index, new PostgresQueueInspection(jdbc, quoted), new PostgresHeartbeats(jdbc, quoted),
        new PostgresOrigins(jdbc, quoted));
    return new CacheStore("postgres", new PostgresEntries(jdbc, quoted), new PostgresLeases(jdbc, quoted),
        new PostgresRefreshQueue(jdbc, quoted), index, insight, () -> ping(jdbc),
        () -> { }); // the connections belong to the caller's pool
  }

  private static void ping(Jdbc jdbc) {
    jdbc.run("ping", connection -> {
      try (PreparedStatement statement = connection.prepareStatement("select 1")) {
        statement.execute();
        return null;
      }
    });
  }
}
