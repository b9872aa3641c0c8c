package dev.kck.cluster;

import com.zaxxer.hikari.HikariDataSource;
import dev.kck.store.CacheStore;
import dev.kck.store.postgres.PostgresStore;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Two instances sharing the postgres cache store (in the source database). */
class PostgresClusterIT extends ClusterContract {
  private static HikariDataSource storeDatabase;
  private static CacheStore store;

  @BeforeAll
  static void start() {
    String jdbcUrl = DemoDatabase.newCopy();
    startCluster(TestConfigs.demo(jdbcUrl, "postgres"), jdbcUrl);
    storeDatabase = new HikariDataSource();
    storeDatabase.setJdbcUrl(jdbcUrl);
    storeDatabase.setUsername("postgres");
    store = PostgresStore.open(storeDatabase);
  }

  @AfterAll
  static void closeStore() {
    storeDatabase.close();
  }

  @Override
  CacheStore store() {
    return store;
  }
}
