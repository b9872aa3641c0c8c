package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/**
 * The prepared statements of {@link CassandraStore} (the refresh queue has its own, in {@link
 * QueueStatements}). Every statement names its columns; values are always bound.
 *
 * <p>Every write to {@code cache_entries}, {@code versions} and {@code leases} is a lightweight
 * transaction, deletes included. Paxos stamps its writes with the ballot's time, plain writes
 * with the client's clock; mixed on one row, a delete from an instance whose clock is behind would
 * be silently older than the value it meant to delete (and a plain delete from a clock ahead would
 * hide the next compare-and-set write). Reads stay plain.
 */
record Statements(
    PreparedStatement get,
    PreparedStatement readEntryState,
    PreparedStatement putEntry,
    PreparedStatement deleteEntry,
    PreparedStatement deleteLiveVersion,
    PreparedStatement deleteEndlessVersion,
    PreparedStatement indexKey,
    PreparedStatement unindexKey,
    PreparedStatement keysOf,
    PreparedStatement useState,
    PreparedStatement recordUse,
    PreparedStatement readVersion,
    PreparedStatement takeVersion,
    PreparedStatement takeLease,
    PreparedStatement releaseLease,
    PreparedStatement addDependency,
    PreparedStatement dependentsOf,
    PreparedStatement ping) {

  private static final String GET = """
      SELECT value, version, modified, expires_at
      FROM {keyspace}.cache_entries
      WHERE key = ?
      """;

  private static final String READ_ENTRY_STATE = """
      SELECT version, expires_at
      FROM {keyspace}.cache_entries
      WHERE key = ?
      """;

  // Compare-and-set on the state just read: (null, null) matches an absent row, so the same
  // statement creates and replaces. UPDATE, never INSERT: an INSERT's row marker would keep an
  // empty row alive after a later, shorter-lived value's cells expired.
  private static final String PUT_ENTRY = """
      UPDATE {keyspace}.cache_entries USING TTL ?
      SET value = ?, version = ?, modified = ?, expires_at = ?
      WHERE key = ?
      IF version = ? AND expires_at = ?
      """;

  private static final String DELETE_ENTRY = """
      DELETE FROM {keyspace}.cache_entries
      WHERE key = ?
      IF EXISTS
      """;

  // An expired entry counts as absent, so its version never matches; the two forms cover entries
  // with and without an expiry (a condition cannot say "null or later").
  private static final String DELETE_LIVE_VERSION = """
      DELETE FROM {keyspace}.cache_entries
      WHERE key = ?
      IF version = ? AND expires_at > ?
      """;

  private static final String DELETE_ENDLESS_VERSION = """
      DELETE FROM {keyspace}.cache_entries
      WHERE key = ?
      IF version = ? AND expires_at = null
      """;

  // A write is a use: last_used is the value's modified time.
  private static final String INDEX_KEY = """
      INSERT INTO {keyspace}.keys_by_bucket (product, bucket, key, expires_at, last_used)
      VALUES (?, ?, ?, ?, ?)
      USING TTL ?
      """;

  private static final String UNINDEX_KEY = """
      DELETE FROM {keyspace}.keys_by_bucket
      WHERE product = ? AND bucket = ? AND key = ?
      """;

  // Every bucket of the product (KeyBuckets.ALL), paged by the driver.
  private static final String KEYS_OF = """
      SELECT key, expires_at, last_used
      FROM {keyspace}.keys_by_bucket
      WHERE product = ? AND bucket IN ?
      """;

  // What a recorded use must match (see CassandraKeyIndex.recordUse).
  private static final String USE_STATE = """
      SELECT last_used, WRITETIME(last_used) AS written, TTL(last_used) AS time_to_live
      FROM {keyspace}.keys_by_bucket
      WHERE product = ? AND bucket = ? AND key = ?
      """;

  private static final String RECORD_USE = """
      UPDATE {keyspace}.keys_by_bucket USING TTL ? AND TIMESTAMP ?
      SET last_used = ?
      WHERE product = ? AND bucket = ? AND key = ?
      """;

  private static final String READ_VERSION = """
      SELECT version
      FROM {keyspace}.versions
      WHERE key = ?
      """;

  // A null expected version matches an absent row: the same statement starts the counter.
  private static final String TAKE_VERSION = """
      UPDATE {keyspace}.versions USING TTL ?
      SET version = ?
      WHERE key = ?
      IF version = ?
      """;

  // One statement takes a free (or expired: its TTL ended) lease and renews one's own; retrying it
  // after a timeout of unknown outcome is safe for the same reason.
  private static final String TAKE_LEASE = """
      UPDATE {keyspace}.leases USING TTL ?
      SET owner = ?
      WHERE name = ?
      IF owner IN (null, ?)
      """;

  private static final String RELEASE_LEASE = """
      DELETE FROM {keyspace}.leases
      WHERE name = ?
      IF owner = ?
      """;

  private static final String ADD_DEPENDENCY = """
      INSERT INTO {keyspace}.dependencies (dependency, dependent)
      VALUES (?, ?)
      """;

  private static final String DEPENDENTS_OF = """
      SELECT dependent
      FROM {keyspace}.dependencies
      WHERE dependency = ?
      """;

  // A real read of one of the store's tables at read_consistency: it fails when the keyspace's
  // replicas cannot serve a read, which a query of system.local would not notice.
  private static final String PING = """
      SELECT owner
      FROM {keyspace}.leases
      WHERE name = ?
      """;

  static Statements prepare(Preparer preparer) {
    return new Statements(
        preparer.read(GET),
        preparer.read(READ_ENTRY_STATE),
        preparer.lightweight(PUT_ENTRY),
        preparer.lightweight(DELETE_ENTRY),
        preparer.lightweight(DELETE_LIVE_VERSION),
        preparer.lightweight(DELETE_ENDLESS_VERSION),
        preparer.write(INDEX_KEY),
        preparer.write(UNINDEX_KEY),
        preparer.read(KEYS_OF),
        preparer.read(USE_STATE),
        preparer.write(RECORD_USE),
        preparer.read(READ_VERSION),
        preparer.lightweight(TAKE_VERSION),
        preparer.lightweight(TAKE_LEASE),
        preparer.lightweight(RELEASE_LEASE),
        preparer.write(ADD_DEPENDENCY),
        preparer.read(DEPENDENTS_OF),
        preparer.read(PING));
  }
}
