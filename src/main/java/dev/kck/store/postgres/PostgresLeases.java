package dev.kck.store.postgres;

import dev.kck.kernel.KckException;
import dev.kck.store.LeaseStore;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of the postgres store, in {@code leases}. Times are the database's {@code
 * clock_timestamp()}, not the caller's clock, so instances whose clocks disagree still agree on who
 * holds what. Expired rows (left by owners that died) are purged every {@value #PURGE_EVERY} takes.
 */
final class PostgresLeases implements LeaseStore {
  static final int PURGE_EVERY = 1000;
  private static final Logger log = LoggerFactory.getLogger(PostgresLeases.class);

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

  private static final String PURGE = """
      delete from {schema}.leases
      where name in (
        select name from {schema}.leases
        where expires_at <= clock_timestamp()
        limit %d
        for update skip locked)
      """.formatted(PostgresEntries.PURGE_BATCH);

  private final Jdbc jdbc;
  private final String take;
  private final String release;
  private final String purge;
  private final AtomicLong takes = new AtomicLong();

  PostgresLeases(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.take = PostgresSchema.sql(TAKE, quotedSchema);
    this.release = PostgresSchema.sql(RELEASE, quotedSchema);
    this.purge = PostgresSchema.sql(PURGE, quotedSchema);
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
    if (takes.incrementAndGet() % PURGE_EVERY == 0) {
      purgeQuietly();
    }
    return taken;
  }

  @Override
  public void release(String name, String owner) {
    jdbc.update("release lease", release, name, owner);
  }

  /** Deletes up to a batch of expired leases. */
  int purgeExpired() {
    return jdbc.update("purge", purge);
  }

  private void purgeQuietly() {
    try {
      purgeExpired();
    } catch (KckException.Unavailable e) {
      log.debug("Purging expired leases failed", e);
    }
  }
}
