package dev.kck.update;

import java.sql.Connection;
import java.util.Map;

/**
 * A named write run by {@code POST /update/{name}}. YAML updaters are {@link SqlUpdater}s; Java
 * updaters are found through {@link java.util.ServiceLoader} in {@code plugins/} jars or on the
 * classpath (list the class in {@code META-INF/services/dev.kck.update.Updater}; it needs a public
 * no-argument constructor). Implementations must be thread-safe: KCK calls them from many threads.
 */
public interface Updater {

  /** The updater's name, parameters, the tables it writes, the keys it refreshes and who may call it. */
  UpdaterSpec spec();

  /**
   * Runs one call of the updater inside KCK's transaction. A body that is an array calls this once per
   * element on the same transaction; KCK commits after the last call, or rolls back when any call
   * throws. The connection refuses {@code commit}, {@code rollback()}, {@code setAutoCommit} and
   * {@code close}: the transaction is KCK's.
   *
   * @param transaction the open transaction (autocommit off); statements made on it are the caller's to close
   * @param parameters every declared parameter by name, typed as its {@link dev.kck.product.ParamType}
   *     parses it (Integer, Long, BigDecimal, Boolean, String, LocalDate, OffsetDateTime, UUID), null when
   *     an optional one was not given; claim-bound ones already checked against the token
   * @return the number of rows affected, reported to the client as {@code rows}
   * @throws Exception an {@link java.sql.SQLException} is classified as for SQL updaters (a constraint
   *     violation becomes 422, and so on); a {@link dev.kck.kernel.KckException} reaches the client as is
   */
  long apply(Connection transaction, Map<String, Object> parameters) throws Exception;
}
