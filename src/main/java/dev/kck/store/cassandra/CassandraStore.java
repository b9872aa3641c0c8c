package dev.kck.store.cassandra;

import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.store.CacheStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache store in Apache Cassandra, for deployments that scale out: {@link CassandraEntries},
 * {@link CassandraLeases}, {@link CassandraRefreshQueue} and {@link CassandraKeyIndex} over one
 * session. Tables (see {@link CassandraSchema}) are created on start when absent; every statement
 * is prepared once.
 *
 * <p>Lightweight transactions (Paxos) are used where a race must be won, and for every write to a
 * row that some LWT also writes (see {@link Statements} for why): the version compare-and-set,
 * deletes of entries, version counters, leases, and the refresh queue. The plain read path never
 * uses one. {@code keys_by_bucket} and {@code dependencies} take plain writes. Leases and refresh
 * claims expire by TTL alone, so the database's clock decides.
 *
 * <p>Start-up does not need Cassandra: {@link #open} waits a bounded time, then starts anyway
 * and keeps connecting in the background (see {@link CassandraConnection}); meanwhile every
 * operation, the ping included, throws {@link KckException.Unavailable}.
 */
public final class CassandraStore {
  /** How long {@link #open} waits for the cluster before it starts without it. */
  public static final Duration STARTUP_WAIT = Duration.ofSeconds(20);

  /** Compare-and-set loops give up (as unavailable) after this many lost races in a row. */
  static final int MAX_ATTEMPTS = 64;

  private static final Logger log = LoggerFactory.getLogger(CassandraStore.class);

  private CassandraStore() {}

  /**
   * Opens the store: waits up to {@link #STARTUP_WAIT} for the cluster, then returns either way.
   *
   * @throws IllegalArgumentException when the keyspace name, replication map or consistency levels
   *     are not allowed
   */
  public static CacheStore open(KckConfig.Cassandra config, Clock clock) {
    return open(config, clock, STARTUP_WAIT);
  }

  /** {@link #open(KckConfig.Cassandra, Clock)} with another start-up wait (tests). */
  public static CacheStore open(KckConfig.Cassandra config, Clock clock, Duration startupWait) {
    return open(config, clock, startupWait, DriverSettings.REQUEST_TIMEOUT);
  }

  /**
   * @param requestTimeout the longest one request may take ({@code cache.statement_timeout})
   */
  public static CacheStore open(KckConfig.Cassandra config, Clock clock, Duration startupWait,
      Duration requestTimeout) {
    String keyspace = CassandraSchema.keyspaceName(config.keyspace());
    CassandraSchema.checkReplication(config.replication());
    DriverSettings settings = DriverSettings.of(config, keyspace, requestTimeout);
    CassandraConnection connection =
        CassandraConnection.start(settings, CassandraSchema.quoted(keyspace), config.replication());
    if (!connection.awaitReady(startupWait)) {
      log.warn("Cassandra at {} is not reachable after {} s; starting without it (misses get 503) and still trying",
          config.contactPoints(), startupWait.toSeconds());
    }
    CassandraRefreshQueue queue = new CassandraRefreshQueue(connection, clock);
    CacheStore.Insight insight = new CacheStore.Insight(new CassandraKeyCatalog(connection, clock),
        new CassandraQueueInspection(connection, clock), new CassandraHeartbeats(connection),
        new CassandraOrigins(connection, clock));
    return new CacheStore("cassandra", new CassandraEntries(connection, clock), new CassandraLeases(connection),
        queue, new CassandraKeyIndex(connection, clock), insight, () -> ping(connection), () -> {
          queue.close();
          connection.close();
        });
  }

  /** A read of one of the store's own tables: fails while the cluster cannot serve reads. */
  private static void ping(CassandraConnection connection) {
    connection.run("ping", prepared -> prepared.session().execute(prepared.statements().ping().bind("ping")));
  }
}
