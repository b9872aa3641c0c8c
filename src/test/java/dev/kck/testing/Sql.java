package dev.kck.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain SQL against a test database (user postgres, no password), for setting up and checking. */
public final class Sql {
  private Sql() {}

  /** Runs statements (separated by ;). */
  public static void run(String jdbcUrl, String statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(statements);
    }
  }

  /** The first column of the first row, as a number. */
  public static long count(String jdbcUrl, String query) throws SQLException {
    return decimal(jdbcUrl, query).longValueExact();
  }

  /** The first column of the first row, as a decimal (exact, for sums of money). */
  public static BigDecimal decimal(String jdbcUrl, String query) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getBigDecimal(1);
    }
  }
}
