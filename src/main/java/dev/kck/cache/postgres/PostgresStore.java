package dev.kck.cache.postgres;

import dev.kck.cache.CacheStore;
import dev.kck.cache.RefreshRequest;
import dev.kck.cache.StoredEntry;
import dev.kck.kernel.KckException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache store in PostgreSQL tables (django-kck style): {@code entries}, {@code leases}, the
 * {@code versions} sequence, the durable {@code refresh_queue} (see {@link PostgresRefreshQueue})
 * and recorded {@code dependencies}, in one schema created on start when absent. Every operation
 * is one prepared statement on a pooled connection; failures become {@link KckException.Unavailable}.
 *
 * <p>Expired rows are invisible at once (every read and compare-and-set checks {@code expires_at})
 * and deleted later, in small batches, by {@link #purgeExpired()}. The store calls it itself every
 * {@value #PURGE_EVERY} writes, so no scheduler is needed for the tables to stay small.
 *
 * <p>Lease and refresh-queue times use the database's clock, so instances whose clocks disagree
 * still agree on who holds what. Entry expiry compares the caller's {@code expiresAt} with the
 * database's {@code now()}.
 *
 * <p>The caller owns the {@link DataSource} (it may be shared with the source database) and closes
 * it after the store.
 */
public final class PostgresStore implements CacheStore {
  public static final String DEFAULT_SCHEMA = "kck";
  static final int PURGE_EVERY = 1000;
  private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

  private final Jdbc jdbc;
  private final String schema;
  private final Statements sql;
  private final PostgresRefreshQueue queue;
  private final AtomicLong writes = new AtomicLong();

  private PostgresStore(DataSource dataSource, String schema) {
    this.jdbc = new Jdbc(dataSource);
    this.schema = schema;
    this.sql = Statements.forSchema(PostgresSchema.quoted(schema));
    this.queue = new PostgresRefreshQueue(jdbc, PostgresSchema.quoted(schema));
  }

  /** Opens the store in the {@value #DEFAULT_SCHEMA} schema, creating its tables when absent. */
  public static PostgresStore open(DataSource dataSource) {
    return open(dataSource, DEFAULT_SCHEMA);
  }

  /**
   * Opens the store in {@code schema} ({@code [a-z_][a-z0-9_]{0,62}}), creating the schema and its
   * tables when absent; safe when several instances start at once.
   *
   * @throws IllegalArgumentException when the schema name is not allowed
   * @throws KckException.Unavailable when the database cannot be reached or refuses the DDL
   */
  public static PostgresStore open(DataSource dataSource, String schema) {
    PostgresStore store = new PostgresStore(dataSource, schema);
    store.jdbc.run("prepare its tables", connection -> {
      PostgresSchema.create(connection, schema);
      return null;
    });
    return store;
  }

  /** The schema holding this store's tables. */
  public String schema() {
    return schema;
  }

  @Override
  public String backend() {
    return "postgres";
  }

  @Override
  public Optional<StoredEntry> get(String key) {
    return jdbc.run("get", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.get())) {
        statement.setString(1, key);
        try (ResultSet row = statement.executeQuery()) {
          return row.next() ? Optional.of(entry(key, row)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean putIfNewer(StoredEntry entry) {
    boolean written = jdbc.run("put", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.putIfNewer())) {
        statement.setString(1, entry.key());
        statement.setBytes(2, entry.value());
        statement.setLong(3, entry.version());
        statement.setObject(4, timestamp(entry.modified()));
        statement.setObject(5, timestamp(entry.expiresAt()));
        return statement.executeUpdate() == 1;
      }
    });
    if (writes.incrementAndGet() % PURGE_EVERY == 0) {
      purgeQuietly();
    }
    return written;
  }

  @Override
  public Optional<StoredEntry> replace(StoredEntry current, byte[] value, Instant modified, Instant expiresAt) {
    return jdbc.run("replace", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.replace())) {
        statement.setBytes(1, value);
        statement.setObject(2, timestamp(modified));
        statement.setObject(3, timestamp(expiresAt));
        statement.setString(4, current.key());
        statement.setLong(5, current.version());
        try (ResultSet written = statement.executeQuery()) {
          return written.next()
              ? Optional.of(new StoredEntry(current.key(), value, written.getLong(1), modified, expiresAt))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public void delete(String key) {
    jdbc.update("delete", sql.delete(), key);
  }

  @Override
  public boolean deleteIfVersion(String key, long version) {
    return jdbc.run("delete", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.deleteIfVersion())) {
        statement.setString(1, key);
        statement.setLong(2, version);
        return statement.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<String> keysOf(String product, int limit) {
    requireNotNegative(limit);
    return jdbc.run("list keys", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.keysOf())) {
        statement.setString(1, product);
        statement.setInt(2, limit);
        return strings(statement, new ArrayList<>());
      }
    });
  }

  /** From one sequence for all keys: it grows for every key, and survives a key's deletion. */
  @Override
  public long nextVersion(String key) {
    return jdbc.run("next version", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.nextVersion());
          ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    });
  }

  @Override
  public boolean tryLease(String name, String owner, Duration duration) {
    Objects.requireNonNull(owner, "owner");
    requirePositive(duration);
    return jdbc.run("lease", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.tryLease())) {
        statement.setString(1, name);
        statement.setString(2, owner);
        statement.setLong(3, Jdbc.micros(duration));
        return statement.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void releaseLease(String name, String owner) {
    jdbc.update("release lease", sql.releaseLease(), name, owner);
  }

  @Override
  public void requestRefresh(String key, long demand) {
    RefreshRequest.requirePositiveDemand(demand);
    queue.request(key, demand);
  }

  @Override
  public void requestRefreshes(Collection<String> keys, long demand) {
    RefreshRequest.requirePositiveDemand(demand);
    queue.requestAll(keys, demand);
  }

  @Override
  public List<RefreshRequest> claimRefreshes(String owner, Duration lease, int limit) {
    Objects.requireNonNull(owner, "owner");
    requirePositive(lease);
    requireNotNegative(limit);
    return queue.claim(owner, lease, limit);
  }

  @Override
  public void completeRefresh(RefreshRequest claimed, String owner) {
    queue.complete(claimed, owner);
  }

  @Override
  public void releaseRefresh(RefreshRequest claimed, String owner, Duration retryAfter) {
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    queue.release(claimed, owner, retryAfter);
  }

  @Override
  public long pendingRefreshes() {
    return queue.pending();
  }

  @Override
  public void addDependency(String dependency, String dependent) {
    jdbc.update("record a dependency", sql.addDependency(), dependency, dependent);
  }

  @Override
  public Set<String> dependentsOf(String dependency) {
    return jdbc.run("list dependents", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.dependentsOf())) {
        statement.setString(1, dependency);
        return strings(statement, new HashSet<>());
      }
    });
  }

  @Override
  public void ping() {
    jdbc.run("ping", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.ping())) {
        statement.execute();
        return null;
      }
    });
  }

  /**
   * Deletes up to {@value Statements#PURGE_BATCH} expired entries and as many expired leases;
   * rows another transaction holds are skipped, so concurrent purges never wait on each other.
   *
   * @return how many rows were deleted
   */
  public int purgeExpired() {
    return jdbc.update("purge", sql.purgeEntries()) + jdbc.update("purge", sql.purgeLeases());
  }

  /** Nothing to release: the connections belong to the caller's pool. */
  @Override
  public void close() {}

  private void purgeQuietly() {
    try {
      purgeExpired();
    } catch (KckException.Unavailable e) {
      // The write itself succeeded; the next purge will catch up.
      log.debug("Purging expired cache rows failed", e);
    }
  }

  /** Adds the first column of every row to {@code into}. */
  private static <C extends Collection<String>> C strings(PreparedStatement statement, C into)
      throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        into.add(rows.getString(1));
      }
    }
    return into;
  }

  private static StoredEntry entry(String key, ResultSet row) throws SQLException {
    OffsetDateTime expiresAt = row.getObject("expires_at", OffsetDateTime.class);
    return new StoredEntry(
        key,
        row.getBytes("value"),
        row.getLong("version"),
        row.getObject("modified", OffsetDateTime.class).toInstant(),
        expiresAt == null ? null : expiresAt.toInstant());
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static void requirePositive(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
  }

  private static void requireNotNegative(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }
}
