package dev.kck.update;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done in an update's transaction after its calls and before the commit (KCK's own rows: the
 * outbox, an idempotency key's response, a conditional update's version). Throwing rolls it all back.
 */
@FunctionalInterface
public interface TransactionStep {
  TransactionStep NONE = (transaction, rows) -> { };

  /**
   * @param transaction the update's open transaction
   * @param rows the rows the update's calls affected
   */
  void run(Connection transaction, long rows) throws SQLException;
}
