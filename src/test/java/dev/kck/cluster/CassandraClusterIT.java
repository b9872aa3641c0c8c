package dev.kck.cluster;

import dev.kck.config.KckConfig;
import dev.kck.store.CacheStore;
import dev.kck.store.cassandra.CassandraStore;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.SharedCassandra;
import dev.kck.testing.TestConfigs;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Two instances sharing one real Cassandra node as the cache store, and one PostgreSQL source. */
class CassandraClusterIT extends ClusterContract {
  private static CacheStore store;

  @BeforeAll
  static void start() {
    String jdbcUrl = DemoDatabase.newCopy();
    KckConfig config = TestConfigs.withCassandra(TestConfigs.demo(jdbcUrl, "cassandra"),
        SharedCassandra.node().contactPoint(), SharedCassandra.newKeyspace("cluster"));
    startCluster(config, jdbcUrl);
    store = CassandraStore.open(config.cache().cassandra(), Clock.systemUTC());
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @Override
  CacheStore store() {
    return store;
  }
}
