package dev.kck.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real PostgreSQL 17 (zonky embedded binaries, no Docker) per test JVM, shared by every
 * integration test. Started on first use, stopped by a shutdown hook. Tests isolate themselves
 * with {@link #newDatabase(String)}: one fresh database per test class.
 *
 * <p>Running as root works: zonky starts the server inside {@code unshare -U}, as a mapped user.
 */
public final class SharedPostgres {
  private static final Logger log = LoggerFactory.getLogger(SharedPostgres.class);
  private static final AtomicInteger databases = new AtomicInteger();
  private static EmbeddedPostgres server;

  private SharedPostgres() {}

  /** The {@code postgres} database, for administration; each connection is a new one (no pool). */
  public static DataSource dataSource() {
    return server().getPostgresDatabase();
  }

  /**
   * Creates a database named after {@code prefix} plus a unique suffix and returns a small pool for
   * it. Close the pool in {@code @AfterAll}; a forgotten one shrinks to nothing when idle.
   */
  public static HikariDataSource newDatabase(String prefix) {
    String name = uniqueName(prefix);
    execute("create database \"" + name + "\"");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl(name));
    config.setUsername("postgres");
    config.setPoolName("test-" + name);
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(0);
    config.setIdleTimeout(Duration.ofSeconds(10).toMillis());
    return new HikariDataSource(config);
  }

  /** The JDBC URL of a database on the shared server (user {@code postgres}, no password). */
  public static String jdbcUrl(String database) {
    return server().getJdbcUrl("postgres", database);
  }

  /** The port the shared server listens on (localhost). */
  public static int port() {
    return server().getPort();
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(SharedPostgres::stop, "shared-postgres-stop"));
    }
    return server;
  }

  private static EmbeddedPostgres start() {
    long started = System.nanoTime();
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          // Many test classes each hold a small pool; the default of 100 connections is tight.
          .setServerConfig("max_connections", "300")
          // Test data need not survive a crash; this makes DDL and commits much cheaper.
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
      log.info("Shared PostgreSQL on port {} started in {} ms",
          postgres.getPort(), (System.nanoTime() - started) / 1_000_000);
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  private static synchronized void stop() {
    try {
      server.close();
    } catch (IOException e) {
      log.warn("Shared PostgreSQL did not stop cleanly", e);
    }
  }

  private static String uniqueName(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String head = clean.substring(0, Math.min(clean.length(), 40));
    return head + "_" + databases.incrementAndGet();
  }

  private static void execute(String sql) {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("shared PostgreSQL: " + sql, e);
    }
  }
}
