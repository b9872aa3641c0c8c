package dev.kck.store.postgres;

import dev.kck.store.EntryOrigins;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** The entry origins of the postgres store: one row per key in {@code origins}, the newest version's. */
final class PostgresOrigins implements EntryOrigins {
  private static final String RECORD = """
      insert into {schema}.origins as o (key, version, instance, primer_ms)
      values (?, ?, ?, ?)
      on conflict (key) do update
        set version = excluded.version, instance = excluded.instance, primer_ms = excluded.primer_ms
        where o.version <= excluded.version
      """;

  private static final String GET = """
      select version, instance, primer_ms from {schema}.origins where key = ?
      """;

  private final Jdbc jdbc;
  private final String record;
  private final String get;

  PostgresOrigins(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.record = PostgresSchema.sql(RECORD, quotedSchema);
    this.get = PostgresSchema.sql(GET, quotedSchema);
  }

  /** Expiry is not kept: a row outliving its entry is harmless, as callers match its version. */
  @Override
  public void record(Origin origin, Instant expiresAt) {
    jdbc.run("record an origin", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(record)) {
        statement.setString(1, origin.key());
        statement.setLong(2, origin.version());
        statement.setString(3, origin.instance());
        statement.setDouble(4, origin.primerMs());
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Origin> get(String key) {
    return jdbc.run("read an origin", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(get)) {
        statement.setString(1, key);
        try (ResultSet row = statement.executeQuery()) {
          return row.next()
              ? Optional.of(new Origin(key, row.getLong(1), row.getString(2), row.getDouble(3)))
              : Optional.<Origin>empty();
        }
      }
    });
  }
}
