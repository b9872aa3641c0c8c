package dev.kck.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.kck.store.CacheStore;
import dev.kck.store.RealTimeBackend;
import dev.kck.testing.SharedPostgres;

/**
 * The postgres store on the shared PostgreSQL, in one database for every postgres store test of the
 * run (each test keeps to keys of its own), on real time.
 */
final class PostgresBackend extends RealTimeBackend {
  private static HikariDataSource dataSource;

  /** The database every postgres store test uses, made on first use. */
  static synchronized HikariDataSource dataSource() {
    if (dataSource == null) {
      dataSource = SharedPostgres.newDatabase("postgres_store");
    }
    return dataSource;
  }

  @Override
  public CacheStore open() {
    return PostgresStore.open(dataSource());
  }
}
