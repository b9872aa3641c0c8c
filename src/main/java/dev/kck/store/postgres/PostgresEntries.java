package dev.kck.store.postgres;

import dev.kck.store.EntryStore;
import dev.kck.store.StoredEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The entries of the postgres store, in {@code entries}, with versions from the {@code versions}
 * sequence. Expired rows are invisible at once (every read and compare-and-set checks {@code
 * expires_at} against the database's {@code now()}) and deleted later, in small batches ({@link Purge}).
 */
final class PostgresEntries implements EntryStore {

  private static final String GET = """
      select value, version, modified, expires_at
      from {schema}.entries
      where key = ? and (expires_at is null or expires_at > now())
      """;

  // One statement, so the compare-and-set is atomic. An expired row counts as absent, so the
  // outcome never depends on whether a purge has deleted it yet. A write is a use: last_used is
  // the value's modified time (see PostgresKeyIndex).
  private static final String PUT_IF_NEWER = """
      insert into {schema}.entries as e (key, value, version, modified, expires_at, last_used)
      values (?, ?, ?, ?, ?, ?)
      on conflict (key) do update
        set value = excluded.value, version = excluded.version,
            modified = excluded.modified, expires_at = excluded.expires_at, last_used = excluded.last_used
        where e.version < excluded.version or e.expires_at <= now()
      """;

  // An expired row counts as absent: it is never replaced, whatever its version. The new version
  // is taken in the same statement, and only when the row matches.
  private static final String REPLACE = """
      update {schema}.entries
      set value = ?, version = nextval('{schema}.versions'), modified = ?, expires_at = ?, last_used = ?
      where key = ? and version = ? and (expires_at is null or expires_at > now())
      returning version
      """;

  private static final String DELETE = """
      delete from {schema}.entries where key = ?
      """;

  // An expired row counts as absent here too, whatever its version.
  private static final String DELETE_IF_VERSION = """
      delete from {schema}.entries
      where key = ? and version = ? and (expires_at is null or expires_at > now())
      """;

  // One sequence for all keys: it grows for every key, and survives a key's deletion.
  private static final String NEXT_VERSION = """
      select nextval('{schema}.versions')
      """;

  private final Jdbc jdbc;
  private final String get;
  private final String putIfNewer;
  private final String replace;
  private final String delete;
  private final String deleteIfVersion;
  private final String nextVersion;
  private final Purge purge;

  PostgresEntries(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.get = PostgresSchema.sql(GET, quotedSchema);
    this.putIfNewer = PostgresSchema.sql(PUT_IF_NEWER, quotedSchema);
    this.replace = PostgresSchema.sql(REPLACE, quotedSchema);
    this.delete = PostgresSchema.sql(DELETE, quotedSchema);
    this.deleteIfVersion = PostgresSchema.sql(DELETE_IF_VERSION, quotedSchema);
    this.nextVersion = PostgresSchema.sql(NEXT_VERSION, quotedSchema);
    this.purge = new Purge(jdbc, quotedSchema, "{schema}.entries", "key", "expires_at <= now()");
  }

  @Override
  public Optional<StoredEntry> get(String key) {
    return jdbc.run("get", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(get)) {
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
      try (PreparedStatement statement = connection.prepareStatement(putIfNewer)) {
        statement.setString(1, entry.key());
        statement.setBytes(2, entry.value());
        statement.setLong(3, entry.version());
        statement.setObject(4, timestamp(entry.modified()));
        statement.setObject(5, timestamp(entry.expiresAt()));
        statement.setObject(6, timestamp(entry.modified()));
        return statement.executeUpdate() == 1;
      }
    });
    purge.afterWrite();
    return written;
  }

  @Override
  public Optional<StoredEntry> replace(StoredEntry current, byte[] value, Instant modified, Instant expiresAt) {
    return jdbc.run("replace", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(replace)) {
        statement.setBytes(1, value);
        statement.setObject(2, timestamp(modified));
        statement.setObject(3, timestamp(expiresAt));
        statement.setObject(4, timestamp(modified));
        statement.setString(5, current.key());
        statement.setLong(6, current.version());
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
    jdbc.update("delete", delete, key);
  }

  @Override
  public boolean deleteIfVersion(String key, long version) {
    return jdbc.run("delete", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(deleteIfVersion)) {
        statement.setString(1, key);
        statement.setLong(2, version);
        return statement.executeUpdate() == 1;
      }
    });
  }

  @Override
  public long nextVersion(String key) {
    return jdbc.run("next version", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(nextVersion);
          ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    });
  }

  /** Deletes a batch of expired entries now; returns how many. */
  int purgeExpired() {
    return purge.now();
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
}
