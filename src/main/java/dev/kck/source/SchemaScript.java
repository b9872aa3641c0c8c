package dev.kck.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * DDL that creates whatever is missing, run so that instances starting at the same moment cannot
 * race: {@code create ... if not exists} alone still races on the catalog (a unique violation), so
 * the statements run in one transaction under an advisory lock of the given name.
 */
public final class SchemaScript {
  private static final String LOCK = """
      select pg_advisory_xact_lock(hashtext(?))
      """;

  private SchemaScript() {}

  /** Runs every statement, in order, in one transaction holding the named advisory lock. */
  public static void run(Connection connection, String lockName, List<String> statements) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
        lock.setString(1, lockName);
        lock.execute();
      }
      try (Statement statement = connection.createStatement()) {
        for (String ddl : statements) {
          statement.execute(ddl);
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e); // a broken connection fails here too; the first failure says why
    }
  }
}
