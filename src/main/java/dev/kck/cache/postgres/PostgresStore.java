package dev.kck.cache.postgres;

import dev.kck.KckException;
import dev.kck.cache.CacheStore;
import dev.kck.cache.StoredEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache store in PostgreSQL tables (django-kck style): {@code entries}, {@code leases} and the
 * {@code versions} sequence in one schema, created on start when absent. Every operation is one
 * prepared statement on a pooled connection; failures become {@link KckException.Unavailable}.
 *
 * <p>Expired rows are invisible at once (every read and compare-and-set checks {@code expires_at})
 * and deleted later, in small batches, by {@link #purgeExpired()}. The store calls it itself every
 * {@value #PURGE_EVERY} writes, so no scheduler is needed for the tables to stay small.
 *
 * <p>Lease expiry uses the database's clock, so instances whose clocks disagree still agree on
 * who holds a lease. Entry expiry compares the caller's {@code expiresAt} with the database's
 * {@code now()}.
 *
 * <p>The caller owns the {@link DataSource} (it may be shared with the source database) and closes
 * it after the store.
 */
public final class PostgresStore implements CacheStore {
  public static final String DEFAULT_SCHEMA = "kck";
  static final int PURGE_EVERY = 1000;
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

  private final DataSource dataSource;
  private final String schema;
  private final Statements sql;
  private final AtomicLong writes = new AtomicLong();

  private PostgresStore(DataSource dataSource, String schema) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.schema = schema;
    this.sql = Statements.forSchema(PostgresSchema.quoted(schema));
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
    store.run("prepare its tables", connection -> {
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
    return run("get", connection -> {
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
    boolean written = run("put", connection -> {
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
  public void delete(String key) {
    update("delete", sql.delete(), key);
  }

  /** From one sequence for all keys: it grows for every key, and survives a key's deletion. */
  @Override
  public long nextVersion(String key) {
    return run("next version", connection -> {
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
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("lease duration must be positive: " + duration);
    }
    return run("lease", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql.tryLease())) {
        statement.setString(1, name);
        statement.setString(2, owner);
        statement.setLong(3, duration.toNanos() / 1000);
        return statement.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void releaseLease(String name, String owner) {
    update("release lease", sql.releaseLease(), name, owner);
  }

  @Override
  public void ping() {
    run("ping", connection -> {
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
    return update("purge", sql.purgeEntries()) + update("purge", sql.purgeLeases());
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

  private int update(String operation, String statementSql, String... parameters) {
    return run(operation, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
        for (int i = 0; i < parameters.length; i++) {
          statement.setString(i + 1, parameters[i]);
        }
        return statement.executeUpdate();
      }
    });
  }

  private <T> T run(String operation, SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      T result = work.run(connection);
      if (!connection.getAutoCommit()) {
        connection.commit(); // a pool configured with autoCommit=false would otherwise drop writes
      }
      return result;
    } catch (SQLException e) {
      // The detail reaches clients as a 503: name the operation, never the SQL or its message.
      throw new KckException.Unavailable("cache store (postgres) failed to " + operation, RETRY_AFTER, e);
    }
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

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
