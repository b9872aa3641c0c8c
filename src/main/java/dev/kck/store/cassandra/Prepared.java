package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;

/** A connected session whose schema exists and whose statements are prepared. */
record Prepared(CqlSession session, Statements statements, QueueStatements queue, InsightStatements insight) {

  static Prepared prepare(CqlSession session, DriverSettings settings, String quotedKeyspace) {
    Preparer preparer = new Preparer(session, settings, quotedKeyspace);
    return new Prepared(session, Statements.prepare(preparer), QueueStatements.prepare(preparer),
        InsightStatements.prepare(preparer));
  }
}
