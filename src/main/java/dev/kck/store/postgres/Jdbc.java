package dev.kck.store.postgres;

import dev.kck.kernel.KckException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Runs the store's statements on pooled connections and turns every {@link SQLException} into
 * {@link KckException.Unavailable}: the one place where JDBC failures cross the store boundary.
 */
final class Jdbc {
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Runs {@code work} on one connection, committing if the pool hands out manual-commit ones. */
  <T> T run(String operation, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      T result = work.run(connection);
      if (!connection.getAutoCommit()) {
        connection.commit(); // a pool configured with autoCommit=false would otherwise drop writes
      }
      return result;
    } catch (SQLException e) {
      // The detail reaches clients as a 503: name the operation, never the SQL or its message.
      throw new KckException.Unavailable("cache store (postgres) failed to " + operation, RETRY_AFTER, e);
    }
  }

  /** Runs one insert, update or delete whose parameters are all text; returns the rows changed. */
  int update(String operation, String sql, String... parameters) {
    return run(operation, connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < parameters.length; i++) {
          statement.setString(i + 1, parameters[i]);
        }
        return statement.executeUpdate();
      }
    });
  }

  /** A duration as whole microseconds, PostgreSQL's interval precision, for {@code ? * interval '1 microsecond'}. */
  static long micros(Duration duration) {
    return duration.toNanos() / 1000;
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }
}
