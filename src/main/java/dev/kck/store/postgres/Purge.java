package dev.kck.store.postgres;

import dev.kck.kernel.KckException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a table's expired rows in small batches, every so many writes, so no scheduler is needed
 * for the table to stay small: expired rows are already invisible to every read, this only reclaims
 * them. Rows another transaction holds are skipped, so concurrent purges never wait on each other.
 */
final class Purge {
  static final int EVERY = 1000;
  static final int BATCH = 1000;
  private static final Logger log = LoggerFactory.getLogger(Purge.class);

  private final Jdbc jdbc;
  private final String sql;
  private final AtomicLong writes = new AtomicLong();

  /**
   * @param table the table, as {@code {schema}.name}
   * @param key its key column
   * @param expired the condition that makes a row expired
   */
  Purge(Jdbc jdbc, String quotedSchema, String table, String key, String expired) {
    this.jdbc = jdbc;
    this.sql = PostgresSchema.sql("""
        delete from %1$s
        where %2$s in (
          select %2$s from %1$s
          where %3$s
          limit %4$d
          for update skip locked)
        """.formatted(table, key, expired, BATCH), quotedSchema);
  }

  /** Counts a write; every {@value #EVERY} writes, purges a batch (a failure only waits for the next). */
  void afterWrite() {
    if (writes.incrementAndGet() % EVERY != 0) {
      return;
    }
    try {
      now();
    } catch (KckException.Unavailable e) {
      log.debug("Purging expired rows failed; the next purge catches up", e);
    }
  }

  /** Purges a batch now; returns how many rows it deleted. */
  int now() {
    return jdbc.update("purge", sql);
  }
}
