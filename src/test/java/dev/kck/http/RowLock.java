package dev.kck.http;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A test's own transaction holding a product row's lock, so that updates of that row wait inside
 * their transactions until it is closed: a way to make concurrent updates overlap for certain.
 */
final class RowLock implements AutoCloseable {
  private final Connection connection;

  private RowLock(Connection connection) {
    this.connection = connection;
  }

  static RowLock on(String jdbcUrl, int productId) throws SQLException {
    Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
    connection.setAutoCommit(false);
    try (PreparedStatement lock = connection.prepareStatement("select id from products where id = ? for update")) {
      lock.setInt(1, productId);
      lock.executeQuery().close();
    }
    return new RowLock(connection);
  }

  /** Waits until {@code count} statements of other sessions wait for a lock. */
  void awaitWaiting(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting() >= count);
  }

  private int waiting() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("""
            select count(*) from pg_stat_activity
            where wait_event_type = 'Lock' and pid <> pg_backend_pid() and datname = current_database()
            """)) {
      row.next();
      return row.getInt(1);
    }
  }

  /** Ends the transaction: the waiting updates go on. */
  @Override
  public void close() throws SQLException {
    connection.rollback();
    connection.close();
  }
}
