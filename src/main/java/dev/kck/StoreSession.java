package dev.kck;

import dev.kck.cluster.ChangeFeed;
import dev.kck.cluster.Notices;
import dev.kck.config.KckConfig;
import dev.kck.kernel.Lifecycle;
import dev.kck.source.Source;
import dev.kck.store.CacheStore;
import dev.kck.store.cassandra.CassandraStore;
import dev.kck.store.postgres.PostgresStore;
import dev.kck.store.postgres.PostgresVersionFloor;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * A running cluster's source database, cache store and notice board, opened from its
 * configuration for one operator command ({@code dump}, {@code load}, {@code warm}, ...) and
 * closed after it, last opened first. Unlike an instance it does not wait for a store that is
 * down: the command fails at once, saying so.
 */
final class StoreSession implements AutoCloseable {
  /** How long a command waits for Cassandra before it reports the store unavailable. */
  private static final Duration CASSANDRA_WAIT = Duration.ofSeconds(15);
  private static final Duration NOTICE_STATEMENT_TIMEOUT = Duration.ofSeconds(5);

  private final Lifecycle lifecycle = new Lifecycle();
  private Source source;
  private CacheStore store;
  private Notices notices;
  private LongConsumer versionFloor;

  private StoreSession() {}

  /**
   * @throws IllegalArgumentException for the memory backend, which lives inside one instance
   * @throws dev.kck.kernel.KckException.Unavailable when the store cannot be reached
   */
  static StoreSession open(KckConfig config) {
    if (config.cache().backend().equals("memory")) {
      throw new IllegalArgumentException("cache.backend is memory: that store lives inside one instance "
          + "and cannot be reached from outside it");
    }
    StoreSession session = new StoreSession();
    try {
      session.start(config);
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private void start(KckConfig config) {
    source = lifecycle.started("source database", Source.open(config.source()));
    store = lifecycle.started("cache store", openStore(config));
    store.ping();
    // Only its publishing side is used: running instances hear of what a command changed.
    notices = lifecycle.started("change feed", new ChangeFeed(
        source.newPool("kck-notices", 1, NOTICE_STATEMENT_TIMEOUT),
        source.newPool("kck-change-feed", 1, NOTICE_STATEMENT_TIMEOUT)));
  }

  private CacheStore openStore(KckConfig config) {
    Duration timeout = config.cache().statementTimeout();
    if (config.cache().backend().equals("postgres")) {
      DataSource pool = lifecycle.started("cache store pool", source.newPool("kck-cache-store", 2, timeout));
      versionFloor = version -> PostgresVersionFloor.raise(pool, version);
      return PostgresStore.open(pool);
    }
    // Cassandra's versions are per key and start from the clock's microseconds, above the versions
    // of any dump taken earlier (and far above PostgreSQL's sequence), so it needs no floor.
    versionFloor = version -> { };
    return CassandraStore.open(config.cache().cassandra(), Clock.systemUTC(), CASSANDRA_WAIT, timeout);
  }

  Source source() {
    return source;
  }

  CacheStore store() {
    return store;
  }

  Notices notices() {
    return notices;
  }

  /** Raises the store's version counter to at least a version (after a load). */
  LongConsumer versionFloor() {
    return versionFloor;
  }

  @Override
  public void close() {
    lifecycle.close();
  }
}
