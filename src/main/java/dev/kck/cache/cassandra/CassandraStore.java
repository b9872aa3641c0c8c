package dev.kck.cache.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.cache.CacheStore;
import dev.kck.cache.RefreshRequest;
import dev.kck.cache.StoredEntry;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache store in Apache Cassandra, for deployments that scale out. Tables (see {@link
 * CassandraSchema}) are created on start when absent; every statement is prepared once.
 *
 * <p>Lightweight transactions (Paxos) are used where a race must be won, and for every write to a
 * row that some LWT also writes (see {@link Statements} for why): the version compare-and-set,
 * deletes of entries, version counters, leases, and the refresh queue. The plain read path ({@link
 * #get}) never uses one. {@code keys_by_product} and {@code dependencies} take plain writes.
 *
 * <p>Entry expiry is the caller's {@code expiresAt}, checked in code against the injected clock;
 * the row's TTL (a little longer, see {@link TimeToLive}) only lets Cassandra drop it. Leases and
 * refresh claims expire by TTL alone, so the database's clock decides and instances with skewed
 * clocks still agree; their lifetimes are rounded up to whole seconds (plus one).
 *
 * <p>Start-up does not need Cassandra: {@link #open} waits a bounded time, then starts anyway
 * and keeps connecting in the background (see {@link CassandraConnection}); meanwhile every
 * operation, {@link #ping} included, throws {@link KckException.Unavailable}.
 */
public final class CassandraStore implements CacheStore {
  /** How long {@link #open} waits for the cluster before it starts without it. */
  public static final Duration STARTUP_WAIT = Duration.ofSeconds(20);

  /** Compare-and-set loops give up (as unavailable) after this many lost races in a row. */
  static final int MAX_ATTEMPTS = 64;

  private static final int LOCK_STRIPES = 256;
  private static final Logger log = LoggerFactory.getLogger(CassandraStore.class);

  private final CassandraConnection connection;
  private final Clock clock;
  private final VersionCounters versions;
  private final CassandraRefreshQueue queue;
  // One set per table: each cache_entries and leases row is a partition of its own.
  private final PartitionLocks entryLocks = new PartitionLocks(LOCK_STRIPES);
  private final PartitionLocks leaseLocks = new PartitionLocks(LOCK_STRIPES);

  private CassandraStore(CassandraConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.versions = new VersionCounters(connection, clock);
    this.queue = new CassandraRefreshQueue(connection, clock);
  }

  /**
   * Opens the store: waits up to {@link #STARTUP_WAIT} for the cluster, then returns either way.
   *
   * @throws IllegalArgumentException when the keyspace name, replication map or consistency levels
   *     are not allowed
   */
  public static CassandraStore open(KckConfig.Cassandra config, Clock clock) {
    return open(config, clock, STARTUP_WAIT);
  }

  /** {@link #open(KckConfig.Cassandra, Clock)} with another start-up wait (tests). */
  public static CassandraStore open(KckConfig.Cassandra config, Clock clock, Duration startupWait) {
    String keyspace = CassandraSchema.keyspaceName(config.keyspace());
    CassandraSchema.checkReplication(config.replication());
    DriverSettings settings = DriverSettings.of(config, keyspace);
    CassandraConnection connection =
        CassandraConnection.start(settings, CassandraSchema.quoted(keyspace), config.replication());
    if (!connection.awaitReady(startupWait)) {
      log.warn("Cassandra at {} is not reachable after {} s; starting without it (misses get 503) and still trying",
          config.contactPoints(), startupWait.toSeconds());
    }
    return new CassandraStore(connection, clock);
  }

  @Override
  public String backend() {
    return "cassandra";
  }

  @Override
  public Optional<StoredEntry> get(String key) {
    Row row = execute("get", s -> s.get().bind(key)).one();
    if (row == null || row.isNull("version") || isExpired(row.getInstant("expires_at"))) {
      return Optional.empty();
    }
    ByteBuffer value = row.getByteBuffer("value");
    byte[] bytes = new byte[value.remaining()];
    value.get(bytes);
    return Optional.of(new StoredEntry(key, bytes, row.getLong("version"), row.getInstant("modified"),
        row.getInstant("expires_at")));
  }

  /**
   * Reads the stored version plainly, then writes with a compare-and-set on what it read. A
   * refusal carries the current state (a lost race, or a stale read), and the loop decides again.
   */
  @Override
  public boolean putIfNewer(StoredEntry entry) {
    return entryLocks.with(entry.key(), () -> compareAndSet(entry));
  }

  private boolean compareAndSet(StoredEntry entry) {
    int ttl = TimeToLive.until(entry.expiresAt(), clock.instant());
    Row current = execute("put", s -> s.readEntryState().bind(entry.key())).one();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Long version = Cells.longOrNull(current, "version");
      Instant expiresAt = Cells.instantOrNull(current, "expires_at");
      if (version != null && version >= entry.version() && !isExpired(expiresAt)) {
        return false;
      }
      ResultSet put = execute("put", s -> s.putEntry().bind(ttl, ByteBuffer.wrap(entry.value()), entry.version(),
          entry.modified(), entry.expiresAt(), entry.key(), version, expiresAt));
      if (put.wasApplied()) {
        index(entry, ttl);
        return true;
      }
      current = put.one();
    }
    throw CassandraConnection.tooBusy("put");
  }

  /**
   * A version, then one lightweight transaction conditioned on the version and expiry read with
   * {@code current}.
   */
  @Override
  public Optional<StoredEntry> replace(StoredEntry current, byte[] value, Instant modified, Instant expiresAt) {
    if (isExpired(current.expiresAt())) {
      return Optional.empty();
    }
    StoredEntry next = new StoredEntry(current.key(), value, nextVersion(current.key()), modified, expiresAt);
    int ttl = TimeToLive.until(next.expiresAt(), clock.instant());
    return entryLocks.with(next.key(), () -> {
      boolean applied = execute("replace", s -> s.putEntry().bind(ttl, ByteBuffer.wrap(next.value()), next.version(),
          next.modified(), next.expiresAt(), next.key(), current.version(), current.expiresAt())).wasApplied();
      if (applied) {
        index(next, ttl);
      }
      return applied ? Optional.of(next) : Optional.empty();
    });
  }

  /** The index row goes in the same turn as the entry, so a put of this instance cannot slip between. */
  @Override
  public void delete(String key) {
    entryLocks.with(key, () -> {
      execute("delete", s -> s.deleteEntry().bind(key));
      return execute("delete", s -> s.unindexKey().bind(productOf(key), key));
    });
  }

  @Override
  public boolean deleteIfVersion(String key, long version) {
    return entryLocks.with(key, () -> {
      ResultSet live = execute("delete", s -> s.deleteLiveVersion().bind(key, version, clock.instant()));
      boolean deleted = live.wasApplied() || isEndlessAt(live.one(), version)
          && execute("delete", s -> s.deleteEndlessVersion().bind(key, version)).wasApplied();
      if (deleted) {
        execute("delete", s -> s.unindexKey().bind(productOf(key), key));
      }
      return deleted;
    });
  }

  @Override
  public long nextVersion(String key) {
    return versions.next(key);
  }

  @Override
  public boolean tryLease(String name, String owner, Duration duration) {
    Objects.requireNonNull(owner, "owner");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("lease duration must be positive: " + duration);
    }
    int ttl = TimeToLive.atLeast(duration);
    return leaseLocks.with(name, () -> execute("take a lease", s -> s.takeLease().bind(ttl, owner, name, owner))
        .wasApplied());
  }

  @Override
  public void releaseLease(String name, String owner) {
    leaseLocks.with(name, () -> execute("release a lease", s -> s.releaseLease().bind(name, owner)));
  }

  /** One partition read; expired keys (TTL not yet run out) are skipped in code. */
  @Override
  public List<String> keysOf(String product, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return connection.run("list keys", prepared -> {
      List<String> keys = new ArrayList<>();
      for (Row row : prepared.session().execute(prepared.statements().keysOf().bind(product))) {
        if (!isExpired(row.getInstant("expires_at"))) {
          keys.add(row.getString("key"));
          if (keys.size() == limit) {
            break;
          }
        }
      }
      return keys;
    });
  }

  @Override
  public void requestRefresh(String key, long demand) {
    queue.request(key, demand);
  }

  @Override
  public void requestRefreshes(Collection<String> keys, long demand) {
    RefreshRequest.requirePositiveDemand(demand);
    queue.requestAll(keys, demand);
  }

  @Override
  public List<RefreshRequest> claimRefreshes(String owner, Duration lease, int limit) {
    return queue.claim(owner, lease, limit);
  }

  @Override
  public void completeRefresh(RefreshRequest claimed, String owner) {
    queue.complete(claimed, owner);
  }

  @Override
  public void releaseRefresh(RefreshRequest claimed, String owner, Duration retryAfter) {
    queue.release(claimed, owner, retryAfter);
  }

  @Override
  public long pendingRefreshes() {
    return queue.pending();
  }

  @Override
  public void addDependency(String dependency, String dependent) {
    execute("record a dependency", s -> s.addDependency().bind(dependency, dependent));
  }

  @Override
  public Set<String> dependentsOf(String dependency) {
    return connection.run("list dependents", prepared -> {
      Set<String> dependents = new HashSet<>();
      for (Row row : prepared.session().execute(prepared.statements().dependentsOf().bind(dependency))) {
        dependents.add(row.getString("dependent"));
      }
      return dependents;
    });
  }

  /** A read of one of the store's own tables: fails while the cluster cannot serve reads. */
  @Override
  public void ping() {
    execute("ping", s -> s.ping().bind("ping"));
  }

  @Override
  public void close() {
    queue.close();
    connection.close();
  }

  /**
   * Written after the entry, with the same TTL. Failing here leaves the entry stored and only
   * {@link #keysOf} behind until the key's next write, so it is logged, not thrown.
   */
  private void index(StoredEntry entry, int ttl) {
    try {
      execute("index a key", s -> s.indexKey().bind(productOf(entry.key()), entry.key(), entry.expiresAt(), ttl));
    } catch (KckException.Unavailable e) {
      Object reason = e.getCause() == null ? e.getMessage() : e.getCause();
      log.warn("Stored {} but could not list it under its product: {}", entry.key(), reason);
    }
  }

  private ResultSet execute(String operation, Function<Statements, BoundStatement> statement) {
    return connection.run(operation, prepared -> prepared.session().execute(statement.apply(prepared.statements())));
  }

  private boolean isExpired(Instant expiresAt) {
    return expiresAt != null && !expiresAt.isAfter(clock.instant());
  }

  /** The product of a key: its first segment (a key without parameters is the product's name). */
  static String productOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  private static boolean isEndlessAt(Row refusal, long version) {
    Long current = Cells.longOrNull(refusal, "version");
    return current != null && current == version && refusal.isNull("expires_at");
  }
}
