package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/**
 * The prepared statements of what operators see: {@link CassandraKeyCatalog}, {@link
 * CassandraQueueInspection}, {@link CassandraHeartbeats} and {@link CassandraOrigins}. Plain reads and writes: nothing here
 * is the object of a race.
 */
record InsightStatements(
    PreparedStatement keysAfter,
    PreparedStatement queueState,
    PreparedStatement beat,
    PreparedStatement leave,
    PreparedStatement live,
    PreparedStatement recordOrigin,
    PreparedStatement origin) {

  // keys_by_bucket clusters by key: a bucket's page is a slice of one partition, in the key's byte
  // order; CassandraKeyCatalog merges the buckets' slices.
  private static final String KEYS_AFTER = """
      SELECT key, expires_at
      FROM {keyspace}.keys_by_bucket
      WHERE product = ? AND bucket = ? AND key > ?
      """;

  // TTL(claimed_by) is what is left of a claim's lease, in seconds.
  private static final String QUEUE_STATE = """
      SELECT key, demand, first_requested, claimed_by, TTL(claimed_by) AS lease_left
      FROM {keyspace}.refresh_queue
      WHERE bucket IN ?
      """;

  // INSERT with a TTL: the whole row, its marker too, ends with the lifetime unless beaten again.
  private static final String BEAT = """
      INSERT INTO {keyspace}.instances (id, host, started, last_seen, version)
      VALUES (?, ?, ?, ?, ?)
      USING TTL ?
      """;

  private static final String LEAVE = """
      DELETE FROM {keyspace}.instances WHERE id = ?
      """;

  // A full scan of a table of a few rows (one per live instance).
  private static final String LIVE = """
      SELECT id, host, started, last_seen, version
      FROM {keyspace}.instances
      """;

  private static final String RECORD_ORIGIN = """
      INSERT INTO {keyspace}.origins (key, version, instance, primer_ms)
      VALUES (?, ?, ?, ?)
      USING TTL ?
      """;

  private static final String ORIGIN = """
      SELECT version, instance, primer_ms FROM {keyspace}.origins WHERE key = ?
      """;

  static InsightStatements prepare(Preparer preparer) {
    return new InsightStatements(
        preparer.read(KEYS_AFTER),
        preparer.read(QUEUE_STATE),
        preparer.write(BEAT),
        preparer.write(LEAVE),
        preparer.read(LIVE),
        preparer.write(RECORD_ORIGIN),
        preparer.read(ORIGIN));
  }
}
