package dev.kck.update;

import dev.kck.kernel.KckException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a failed (and rolled back) update threw into the problem the client gets, by SQLState.
 *
 * <p>A problem's detail carries the database's primary message only: never the SQL text, and never
 * its {@code Detail:} line, which echoes row values ({@code Key (email)=(bob@example.com) already
 * exists}, {@code Failing row contains (...)}) that may belong to rows the caller cannot read, nor
 * {@code Where:} context, which can quote function source. The full error goes to the log.
 */
final class UpdateFailures {
  private static final Logger log = LoggerFactory.getLogger(UpdateFailures.class);
  private static final String QUERY_CANCELED = "57014";
  private static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(5);
  private static final Duration RETRY_AFTER_CONFLICT = Duration.ofSeconds(1);

  private UpdateFailures() {}

  static KckException classify(String updater, Throwable failure) {
    if (failure instanceof KckException known) {
      return known;
    }
    SQLException sql = findSqlException(failure);
    String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    if (state.startsWith("23")) {
      log.debug("Updater {} violated a constraint", updater, sql);
      return new KckException.Unprocessable(serverMessage(sql, "the update violated an integrity constraint"));
    }
    if (state.startsWith("22")) {
      log.debug("Updater {} was given a value the database rejects", updater, sql);
      return new KckException.BadRequest(serverMessage(sql, "the database rejected a value of the update"));
    }
    if (state.equals(QUERY_CANCELED)) {
      log.warn("Updater {} exceeded the statement timeout", updater);
      return new KckException.Timeout("updater '" + updater + "' exceeded the statement timeout", failure);
    }
    if (sql != null && isConnectionProblem(sql, state)) {
      log.warn("Updater {} could not reach the source: {}", updater, sql.getMessage());
      return new KckException.Unavailable("the source database is unavailable", RETRY_AFTER_OUTAGE, failure);
    }
    if (state.startsWith("40")) {
      log.warn("Updater {} lost a serialization or deadlock race: {}", updater, sql.getMessage());
      return new KckException.Unavailable("the update conflicted with a concurrent one; retry it",
          RETRY_AFTER_CONFLICT, failure);
    }
    log.error("Updater {} failed", updater, failure);
    return new KckException.Internal("updater '" + updater + "' failed; the server log has the details", failure);
  }

  /** The server's primary message; a fallback for exceptions that carry none (made by a Java updater). */
  private static String serverMessage(SQLException sql, String fallback) {
    ServerErrorMessage server = sql instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    return server != null && server.getMessage() != null ? server.getMessage() : fallback;
  }

  /** 08: connection exceptions; 57P: the server shut down or restarted; 53300: too many connections. */
  private static boolean isConnectionProblem(SQLException sql, String state) {
    return sql instanceof SQLTransientConnectionException
        || state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
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
