package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.kck.config.KckConfig;
import java.time.Duration;
import java.util.List;

/**
 * The driver's settings, all from KCK's own config (no driver config file of its own); anything not
 * set here keeps the driver's built-in default.
 *
 * @param read consistency of plain reads
 * @param write consistency of plain writes, and the commit consistency of lightweight transactions
 * @param serial consistency of the Paxos phase of lightweight transactions: LOCAL_SERIAL when
 *     writes stay in the local datacenter, SERIAL otherwise
 */
record DriverSettings(
    DriverConfigLoader loader, ConsistencyLevel read, ConsistencyLevel write, ConsistencyLevel serial) {

  /**
   * The request timeout when none is given: a few seconds, long enough for a busy node, short enough
   * that a 503 comes before a client gives up. KCK passes {@code cache.statement_timeout}.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  /**
   * Reconnection to a node that went away starts at this delay and doubles up to {@link
   * #RECONNECT_MAX}: a node that comes back is used again within seconds.
   */
  static final Duration RECONNECT_BASE = Duration.ofMillis(500);
  static final Duration RECONNECT_MAX = Duration.ofSeconds(5);

  static DriverSettings of(KckConfig.Cassandra config, String keyspace) {
    return of(config, keyspace, REQUEST_TIMEOUT);
  }

  static DriverSettings of(KckConfig.Cassandra config, String keyspace, Duration requestTimeout) {
    ConsistencyLevel write = level(config.writeConsistency());
    if (write.isSerial()) {
      throw new IllegalArgumentException("write_consistency cannot be a serial level: " + write);
    }
    return new DriverSettings(loader(config, keyspace, requestTimeout), level(config.readConsistency()), write,
        serialFor(write));
  }

  private static DriverConfigLoader loader(KckConfig.Cassandra config, String keyspace, Duration requestTimeout) {
    return DriverConfigLoader.programmaticBuilder()
        .withString(DefaultDriverOption.SESSION_NAME, "kck-cassandra")
        .withStringList(DefaultDriverOption.CONTACT_POINTS, config.contactPoints())
        .withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, config.localDatacenter())
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(5))
        // Protocol v5 (the default with Cassandra 4 and later) adds a contention count to a
        // lightweight transaction's write timeout, which the driver's protocol codec
        // (native-protocol 1.5.1, driver 4.19) does not read: the connection's stream goes out of
        // step and the driver drops it, failing every request on it. v4 has no such field, and
        // KCK needs nothing from v5.
        .withString(DefaultDriverOption.PROTOCOL_VERSION, "V4")
        // With the cluster down at start, keep trying in the background instead of failing:
        // the store starts degraded and recovers by itself (see CassandraConnection).
        .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, true)
        .withString(DefaultDriverOption.RECONNECTION_POLICY_CLASS, "ExponentialReconnectionPolicy")
        .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, RECONNECT_BASE)
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, RECONNECT_MAX)
        // Schema work (KCK's own DDL, and the driver's metadata refresh after it) on a busy
        // two-core machine takes longer than a plain request.
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, CassandraSchema.DDL_TIMEOUT)
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, CassandraSchema.DDL_TIMEOUT)
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
        // Schema metadata of KCK's keyspace only (token-aware routing needs its replication).
        .withStringList(DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES, List.of(keyspace))
        // KCK drains its own requests before it closes the store; Netty's 2 s quiet period
        // would only delay every stop.
        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
        .build();
  }

  private static ConsistencyLevel level(String name) {
    return DefaultConsistencyLevel.valueOf(name);
  }

  private static ConsistencyLevel serialFor(ConsistencyLevel write) {
    return write.name().startsWith("LOCAL_") ? DefaultConsistencyLevel.LOCAL_SERIAL : DefaultConsistencyLevel.SERIAL;
  }
}
