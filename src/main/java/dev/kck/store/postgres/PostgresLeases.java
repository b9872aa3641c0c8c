package dev.kck.store.postgres;

import dev.kck.store.LeaseStore;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * The leases of the postgres store, in {@code leases}. Times are the database's {@code
 * clock_timestamp()}, not the caller's clock, so instances whose clocks disagree still agree on who
 * holds what. Expired rows (left by owners that died) are purged now and then ({@link Purge}).
 */
final class PostgresLeases implements LeaseStore {

  private static final String TAKE = """
      insert into {schema}.leases as l (name, owner, expires_at)
      values (?, ?, clock_timestamp() + ? * interval '1 microsecond')
      on conflict (name) do update
        set owner = excluded.owner, expires_at = excluded.expires_at
        where l.owner = excluded.owner or l.expires_at <= clock_timestamp()
      """;

  private static final String RELEASE = """
      delete from {schema}.leases where name = ? and owner = ?
      """;

  private final Jdbc jdbc;
  private final String take;
  private final String release;
  private final Purge purge;

  PostgresLeases(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.take = PostgresSchema.sql(TAKE, quotedSchema);
    this.release = PostgresSchema.sql(RELEASE, quotedSchema);
    this.purge = new Purge(jdbc, quotedSchema, "{schema}.leases", "name", "expires_at <= clock_timestamp()");
  }

  @Override
  public boolean take(String name, String owner, Duration duration) {
    boolean taken = jdbc.run("lease", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(take)) {
        statement.setString(1, name);
        statement.setString(2, owner);
        statement.setLong(3, Jdbc.micros(duration));
        return statement.executeUpdate() == 1;
      }
    });
    purge.afterWrite();
    return taken;
  }

  @Override
  public void release(String name, String owner) {
    jdbc.update("release lease", release, name, owner);
  }

  /** Deletes a batch of expired leases now; returns how many. */
  int purgeExpired() {
    return purge.now();
  }
}
