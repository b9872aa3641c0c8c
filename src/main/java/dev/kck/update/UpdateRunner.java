package dev.kck.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.kernel.KckException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs updaters on the source database, in two steps so that everything that can be refused is
 * refused before any SQL runs: {@link #prepare} finds the updater, authorises the caller and reads
 * and checks the body; {@link #commit} runs every call in one transaction. Anything that fails
 * inside it rolls it back, so a rejected update writes nothing.
 */
public final class UpdateRunner {
  private static final Logger log = LoggerFactory.getLogger(UpdateRunner.class);

  private final UpdaterRegistry updaters;
  private final DataSource source;
  private final Authenticator authenticator;
  private final int maxCalls;

  public UpdateRunner(UpdaterRegistry updaters, DataSource source, Authenticator authenticator) {
    this(updaters, source, authenticator, CallParameters.DEFAULT_MAX_CALLS);
  }

  /** @param maxCalls the most calls one update body may hold ({@code server.max_update_calls}) */
  public UpdateRunner(UpdaterRegistry updaters, DataSource source, Authenticator authenticator, int maxCalls) {
    this.updaters = updaters;
    this.source = source;
    this.authenticator = authenticator;
    this.maxCalls = maxCalls;
  }

  /**
   * The update, checked: 404 unknown updater; 401/403 access or claim; 400 body or parameter.
   *
   * @param body one JSON object of parameters, or a non-empty array of them (one call each)
   */
  public PreparedUpdate prepare(String updaterName, JsonNode body, Principal principal) {
    Updater updater = updaters.get(updaterName);
    authenticator.authorize(updater.spec().access(), principal);
    return new PreparedUpdate(updater, CallParameters.read(updater.spec(), body, principal, authenticator.enabled(),
        maxCalls));
  }

  /**
   * Runs every call in one transaction and commits it; returns the rows affected, summed over every
   * statement of every call.
   *
   * @throws KckException 400 a value the database rejects (SQLState class 22); 422 constraint
   *     violation (class 23, the database's message); 504 statement timeout; 503 source unreachable
   *     or a serialization/deadlock conflict; 500 otherwise
   */
  public long commit(PreparedUpdate update) {
    return commit(update, TransactionStep.NONE);
  }

  /**
   * {@link #commit(PreparedUpdate)}, with {@code beforeCommit} run in the same transaction after the
   * calls: it commits with them or not at all.
   */
  public long commit(PreparedUpdate update, TransactionStep beforeCommit) {
    try (Connection connection = source.getConnection()) {
      long rows = commitAll(connection, update, beforeCommit);
      log.debug("Updater {} committed {} call(s), {} row(s)", update.spec().name(), update.calls().size(), rows);
      return rows;
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw UpdateFailures.classify(update.spec().name(), failure);
    }
  }

  /** Every call on one transaction, committed at the end; rolled back when anything at all fails. */
  private static long commitAll(Connection connection, PreparedUpdate update, TransactionStep beforeCommit)
      throws Exception {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      long rows = 0;
      Connection guarded = TransactionGuard.wrap(connection);
      for (Map<String, Object> call : update.calls()) {
        rows += update.updater().apply(guarded, call);
      }
      beforeCommit.run(connection, rows);
      connection.commit();
      return rows;
    } catch (Throwable failure) {
      rollbackQuietly(connection, failure);
      throw failure;
    } finally {
      restoreAutoCommit(connection, autoCommit);
    }
  }

  /** A rollback that fails (the connection is gone) must not hide why the update failed. */
  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (Exception e) {
      failure.addSuppressed(e);
      log.debug("Rollback failed after {}", failure.toString(), e);
    }
  }

  /** Pools reset it too, but a plain DataSource (KCK embedded as a library) may hand the connection on. */
  private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      log.debug("Could not restore autocommit on a source connection", e);
    }
  }
}
