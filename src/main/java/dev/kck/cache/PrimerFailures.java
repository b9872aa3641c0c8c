package dev.kck.cache;

import dev.kck.kernel.KckException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what a primer threw into the problem a client gets; the details go to the log. */
final class PrimerFailures {
  private static final Logger log = LoggerFactory.getLogger(PrimerFailures.class);
  private static final String QUERY_CANCELED = "57014";

  private PrimerFailures() {}

  static KckException classify(String key, Throwable failure) {
    if (failure instanceof KckException known) {
      return known;
    }
    SQLException sql = findSqlException(failure);
    if (sql != null && QUERY_CANCELED.equals(sql.getSQLState())) {
      log.warn("Primer for {} exceeded the statement timeout", key);
      return new KckException.Timeout("computing " + key + " exceeded the statement timeout", failure);
    }
    if (sql != null && isConnectionProblem(sql)) {
      log.warn("Primer for {} could not reach the source: {}", key, sql.getMessage());
      return new KckException.Unavailable("the source database is unavailable", Duration.ofSeconds(5), failure);
    }
    log.error("Primer for {} failed", key, failure);
    return new KckException.Internal("computing " + key + " failed; the server log has the details", failure);
  }

  private static boolean isConnectionProblem(SQLException sql) {
    String state = sql.getSQLState();
    return sql instanceof SQLTransientConnectionException
        || (state != null && (state.startsWith("08") || state.startsWith("57P")));
  }

  private static SQLException findSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
