package dev.kck.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The demo data set (config/sql/demo.sql, 1,000,000 sales) loaded once per test run into a
 * template database; each test class gets its own copy, so cache tables and writes never leak
 * between classes.
 */
public final class DemoDatabase {
  private static final String TEMPLATE = "demo_template";
  private static final AtomicInteger copies = new AtomicInteger();
  private static boolean loaded;

  private DemoDatabase() {}

  /** A fresh copy of the demo database; returns its JDBC URL (user postgres, no password). */
  public static synchronized String newCopy() {
    loadTemplateOnce();
    String name = "demo_" + ProcessHandle.current().pid() + "_" + copies.incrementAndGet();
    execute(SharedPostgres.dataSource(), "create database " + name + " template " + TEMPLATE);
    return SharedPostgres.jdbcUrl(name);
  }

  private static void loadTemplateOnce() {
    if (loaded) {
      return;
    }
    execute(SharedPostgres.dataSource(), "drop database if exists " + TEMPLATE);
    execute(SharedPostgres.dataSource(), "create database " + TEMPLATE);
    try (Connection connection = java.sql.DriverManager.getConnection(SharedPostgres.jdbcUrl(TEMPLATE), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(Files.readString(Path.of("config/sql/demo.sql")));
    } catch (SQLException e) {
      throw new IllegalStateException("loading demo.sql failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    loaded = true;
  }

  public static void execute(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
