package dev.kck.cache;

import dev.kck.cache.cassandra.CassandraStore;
import dev.kck.cache.memory.MemoryStore;
import dev.kck.cache.postgres.PostgresStore;
import dev.kck.config.KckConfig;
import java.time.Clock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Opens the cache store named by {@code cache.backend}. */
public final class CacheStores {
  private CacheStores() {}

  /**
   * @param postgresPool gives the pool the postgres backend uses (asked only for that backend)
   */
  public static CacheStore open(KckConfig.Cache config, Supplier<DataSource> postgresPool, Clock clock) {
    return switch (config.backend()) {
      case "memory" -> new MemoryStore(clock);
      case "postgres" -> PostgresStore.open(postgresPool.get());
      case "cassandra" -> CassandraStore.open(config.cassandra(), clock);
      default -> throw new IllegalArgumentException("unknown cache backend '" + config.backend() + "'");
    };
  }
}
