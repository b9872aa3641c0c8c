package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * Prepares the store's statements with the consistency each kind needs; bound statements inherit
 * it from the statement they were prepared from.
 */
final class Preparer {
  private final CqlSession session;
  private final DriverSettings settings;
  private final String quotedKeyspace;

  Preparer(CqlSession session, DriverSettings settings, String quotedKeyspace) {
    this.session = session;
    this.settings = settings;
    this.quotedKeyspace = quotedKeyspace;
  }

  /** A plain read at {@code read_consistency}; safe for the driver to retry. */
  PreparedStatement read(String cql) {
    return session.prepare(statement(cql).setConsistencyLevel(settings.read()).setIdempotent(true));
  }

  /** A plain, idempotent write at {@code write_consistency}. */
  PreparedStatement write(String cql) {
    return session.prepare(statement(cql).setConsistencyLevel(settings.write()).setIdempotent(true));
  }

  /**
   * A lightweight transaction: Paxos at the serial level, commit at {@code write_consistency}. Not
   * idempotent: the driver must not replay one whose outcome it did not learn.
   */
  PreparedStatement lightweight(String cql) {
    return session.prepare(statement(cql)
        .setConsistencyLevel(settings.write())
        .setSerialConsistencyLevel(settings.serial())
        .setIdempotent(false));
  }

  private SimpleStatement statement(String cql) {
    return SimpleStatement.newInstance(CassandraSchema.cql(cql, quotedKeyspace));
  }
}
