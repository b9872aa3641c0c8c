package dev.kck.journal;

import dev.kck.kernel.KckException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** Runs a statement of KCK's tables on a pooled source connection; JDBC failures become 503s. */
final class Journal {
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private Journal() {}

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  static <T> T run(JournalSchema schema, DataSource source, String operation, Work<T> work) {
    schema.ensure();
    try (Connection connection = source.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new KckException.Unavailable("the source database failed to " + operation, RETRY_AFTER, e);
    }
  }
}
