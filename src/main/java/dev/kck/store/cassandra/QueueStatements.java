package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/**
 * The prepared statements of {@link CassandraRefreshQueue}. Every write is a lightweight
 * transaction: each one reads and changes demand, generation or the claim, and two instances doing
 * so at once must not lose a request or both win a claim.
 *
 * <p>Conditions on columns of a missing row compare against null (so {@code IF claimed_by = null}
 * alone would apply to a row just completed, and create it again). Conditions that could match
 * null also name {@code demand > 0}, which only a queued row satisfies; a refusal then also
 * reports the current demand.
 */
record QueueStatements(
    PreparedStatement list,
    PreparedStatement read,
    PreparedStatement request,
    PreparedStatement addDemand,
    PreparedStatement claim,
    PreparedStatement complete,
    PreparedStatement requeue,
    PreparedStatement release) {

  private static final String LIST = """
      SELECT key, demand, first_requested, generation, claimed_by, backing_off
      FROM {keyspace}.refresh_queue
      WHERE bucket IN ?
      """;

  private static final String READ = """
      SELECT demand, generation
      FROM {keyspace}.refresh_queue
      WHERE bucket = ? AND key = ?
      """;

  private static final String REQUEST = """
      INSERT INTO {keyspace}.refresh_queue (bucket, key, demand, first_requested, generation)
      VALUES (?, ?, ?, ?, ?)
      IF NOT EXISTS
      """;

  // generation changes with every request; demand is named too so that a refusal reports it.
  private static final String ADD_DEMAND = """
      UPDATE {keyspace}.refresh_queue
      SET demand = ?, generation = ?
      WHERE bucket = ? AND key = ?
      IF generation = ? AND demand = ?
      """;

  // claimed_by carries the lease as its TTL: when it ends the claim is gone, by the database's
  // clock. The generation is deliberately not a condition: a key requested non-stop would
  // otherwise lose every claim race and starve.
  private static final String CLAIM = """
      UPDATE {keyspace}.refresh_queue USING TTL ?
      SET claimed_by = ?
      WHERE bucket = ? AND key = ?
      IF claimed_by = null AND backing_off = null AND demand > 0
      """;

  private static final String COMPLETE = """
      DELETE FROM {keyspace}.refresh_queue
      WHERE bucket = ? AND key = ?
      IF claimed_by = ? AND generation = ? AND demand > 0
      """;

  // Requested again during the refresh: claimable at once, counting only the demand added since
  // the claim, and queued as of now so that a key requested non-stop cannot starve older ones.
  private static final String REQUEUE = """
      UPDATE {keyspace}.refresh_queue
      SET claimed_by = null, demand = ?, first_requested = ?
      WHERE bucket = ? AND key = ?
      IF claimed_by = ? AND generation = ? AND demand > 0
      """;

  // backing_off carries the back-off as its TTL (null and no TTL when there is none).
  private static final String RELEASE = """
      UPDATE {keyspace}.refresh_queue USING TTL ?
      SET claimed_by = null, backing_off = ?
      WHERE bucket = ? AND key = ?
      IF claimed_by = ?
      """;

  static QueueStatements prepare(Preparer preparer) {
    return new QueueStatements(
        preparer.read(LIST),
        preparer.read(READ),
        preparer.lightweight(REQUEST),
        preparer.lightweight(ADD_DEMAND),
        preparer.lightweight(CLAIM),
        preparer.lightweight(COMPLETE),
        preparer.lightweight(REQUEUE),
        preparer.lightweight(RELEASE));
  }
}
