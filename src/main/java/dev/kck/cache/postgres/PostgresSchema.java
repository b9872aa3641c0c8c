package dev.kck.cache.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The store's tables, created on start when absent. Two instances may start at the same moment:
 * {@code create ... if not exists} alone still races on the catalog (a unique violation), so the
 * DDL runs in one transaction under an advisory lock named after the schema.
 */
final class PostgresSchema {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private static final String LOCK = """
      select pg_advisory_xact_lock(hashtext(?))
      """;

  // Column lists are fixed here; everything else in the store names its columns explicitly.
  private static final List<String> DDL = List.of(
      """
      create schema if not exists {schema}
      """,
      """
      create table if not exists {schema}.entries (
        key text primary key,
        value bytea not null,
        version bigint not null,
        modified timestamptz not null,
        expires_at timestamptz)
      """,
      """
      create index if not exists entries_expires_at on {schema}.entries (expires_at)
        where expires_at is not null
      """,
      """
      create sequence if not exists {schema}.versions
      """,
      """
      create table if not exists {schema}.leases (
        name text primary key,
        owner text not null,
        expires_at timestamptz not null)
      """);

  private PostgresSchema() {}

  /**
   * The schema name quoted for SQL. Identifiers cannot be bound as parameters, so the name comes
   * from configuration, is checked against a strict pattern, and is quoted (it may be a keyword).
   */
  static String quoted(String schema) {
    if (schema == null || !NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must match " + NAME.pattern() + ": " + schema);
    }
    return '"' + schema + '"';
  }

  /** Puts the schema into an SQL text of this package ({@code {schema}.entries}). */
  static String sql(String template, String quotedSchema) {
    return template.replace("{schema}", quotedSchema);
  }

  /** Creates whatever is missing; a no-op when everything exists. */
  static void create(Connection connection, String schema) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      lock(connection, schema);
      try (Statement statement = connection.createStatement()) {
        for (String ddl : DDL) {
          statement.execute(sql(ddl, quoted(schema)));
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

  private static void lock(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
      statement.setString(1, "kck.schema:" + schema);
      statement.execute();
    }
  }
}
