package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.kernel.KckException;
import dev.kck.store.EntryStore;
import dev.kck.store.StoredEntry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries of the Cassandra store, in {@code cache_entries}, each also listed under its product
 * in {@code keys_by_bucket} (for {@link CassandraKeyIndex}). Every write is a lightweight
 * transaction (see {@link Statements} for why); the plain read path ({@link #get}) never uses one.
 *
 * <p>Entry expiry is the caller's {@code expiresAt}, checked in code against the injected clock;
 * the row's TTL (a little longer, see {@link TimeToLive}) only lets Cassandra drop it.
 */
final class CassandraEntries implements EntryStore {
  private static final int LOCK_STRIPES = 256;
  private static final Logger log = LoggerFactory.getLogger(CassandraEntries.class);

  private final CassandraConnection connection;
  private final Clock clock;
  private final VersionCounters versions;
  // Each cache_entries row is a partition of its own: one turn at a time per key in this instance.
  private final PartitionLocks locks = new PartitionLocks(LOCK_STRIPES);

  CassandraEntries(CassandraConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
    this.versions = new VersionCounters(connection, clock);
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
    return locks.with(entry.key(), () -> compareAndSet(entry));
  }

  private boolean compareAndSet(StoredEntry entry) {
    int ttl = TimeToLive.until(entry.expiresAt(), clock.instant());
    Row current = execute("put", s -> s.readEntryState().bind(entry.key())).one();
    for (int attempt = 0; attempt < CassandraStore.MAX_ATTEMPTS; attempt++) {
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
    return locks.with(next.key(), () -> {
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
    locks.with(key, () -> {
      execute("delete", s -> s.deleteEntry().bind(key));
      return execute("delete", s -> s.unindexKey().bind(productOf(key), KeyBuckets.of(key), key));
    });
  }

  @Override
  public boolean deleteIfVersion(String key, long version) {
    return locks.with(key, () -> {
      ResultSet live = execute("delete", s -> s.deleteLiveVersion().bind(key, version, clock.instant()));
      boolean deleted = live.wasApplied() || isEndlessAt(live.one(), version)
          && execute("delete", s -> s.deleteEndlessVersion().bind(key, version)).wasApplied();
      if (deleted) {
        execute("delete", s -> s.unindexKey().bind(productOf(key), KeyBuckets.of(key), key));
      }
      return deleted;
    });
  }

  @Override
  public long nextVersion(String key) {
    return versions.next(key);
  }

  /**
   * Written after the entry, with the same TTL. Failing here leaves the entry stored and only
   * {@link CassandraKeyIndex#keysOf} behind until the key's next write, so it is logged, not thrown.
   */
  private void index(StoredEntry entry, int ttl) {
    try {
      execute("index a key", s -> s.indexKey().bind(productOf(entry.key()), KeyBuckets.of(entry.key()), entry.key(),
          entry.expiresAt(), entry.modified(), ttl));
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
