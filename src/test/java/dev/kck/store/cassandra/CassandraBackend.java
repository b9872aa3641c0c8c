package dev.kck.store.cassandra;

import dev.kck.config.KckConfig;
import dev.kck.store.CacheStore;
import dev.kck.store.RealTimeBackend;
import dev.kck.testing.CassandraNode;
import dev.kck.testing.SharedCassandra;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;

/**
 * The Cassandra store on the shared node, in one keyspace for every Cassandra store test of the run
 * (each test keeps to keys of its own), on real time.
 */
final class CassandraBackend extends RealTimeBackend {
  static final String REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";
  private static KckConfig.Cassandra config;

  /** The store configuration every Cassandra store test uses, its keyspace made on first use. */
  static synchronized KckConfig.Cassandra config() {
    if (config == null) {
      config = configFor(SharedCassandra.node(), SharedCassandra.newKeyspace("cassandra_store"));
    }
    return config;
  }

  /** KCK's config for a store on {@code node}, as cache.cassandra would give it. */
  static KckConfig.Cassandra configFor(CassandraNode node, String keyspace) {
    return configFor(node.contactPoint(), keyspace);
  }

  static KckConfig.Cassandra configFor(InetSocketAddress contactPoint, String keyspace) {
    return new KckConfig.Cassandra(List.of(contactPoint.getHostString() + ":" + contactPoint.getPort()),
        CassandraNode.LOCAL_DATACENTER, keyspace, REPLICATION, "LOCAL_ONE", "LOCAL_QUORUM");
  }

  @Override
  public CacheStore open() {
    return CassandraStore.open(config(), Clock.systemUTC());
  }
}
