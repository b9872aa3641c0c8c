package dev.kck.source;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The authoritative PostgreSQL that primers read and updaters write: a HikariCP pool, over either a
 * configured JDBC URL or a real embedded PostgreSQL started here ({@code source.url: embedded}).
 */
public final class Source implements AutoCloseable {
  private final KckConfig.Source config;
  private final HikariDataSource pool;
  private final HikariDataSource health;
  private final EmbeddedDatabase embedded;
  private final MeterRegistry metrics;

  private Source(KckConfig.Source config, String url, String user, EmbeddedDatabase embedded, MeterRegistry metrics) {
    this.config = config;
    this.embedded = embedded;
    this.metrics = metrics;
    this.pool = new HikariDataSource(poolConfig("kck-source", url, user, config.poolSize(), config.statementTimeout()));
    // Its own connection, so that slow primers holding the main pool cannot turn the instance not-ready.
    this.health = new HikariDataSource(poolConfig("kck-health", url, user, 1, Duration.ofSeconds(5)));
  }

  /** As {@link #open(KckConfig.Source, MeterRegistry)}, without pool metrics (an operator command). */
  public static Source open(KckConfig.Source config) {
    return open(config, null);
  }

  /**
   * Starts the embedded database if configured, then opens the pools.
   *
   * @param metrics where every pool publishes its {@code hikaricp_connections*} meters, tagged with
   *     its name; null for none
   */
  public static Source open(KckConfig.Source config, MeterRegistry metrics) {
    EmbeddedDatabase embedded = config.isEmbedded() ? EmbeddedDatabase.start(config) : null;
    try {
      String url = embedded != null ? embedded.jdbcUrl() : config.url();
      String user = embedded != null ? EmbeddedDatabase.USER : config.user();
      return new Source(config, url, user, embedded, metrics);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  /**
   * A pool's settings: every connection bounded in time (connect, read, statement), and the pool
   * starting even when the database is down (/health/ready reports it and requests get 503).
   */
  private HikariConfig poolConfig(String name, String url, String user, int size, Duration statementTimeout) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setJdbcUrl(url);
    hikari.setUsername(user);
    if (config.password() != null && !config.password().isEmpty()) {
      hikari.setPassword(config.password());
    }
    hikari.setMaximumPoolSize(size);
    hikari.setConnectionTimeout(config.connectTimeout().toMillis());
    hikari.addDataSourceProperty("connectTimeout", seconds(config.connectTimeout()));
    hikari.addDataSourceProperty("socketTimeout", seconds(config.socketTimeout()));
    // The server enforces the time limit; SQLState 57014 then becomes a 504 (primers) or a 503 (the store).
    hikari.setConnectionInitSql("set statement_timeout = " + statementTimeout.toMillis());
    hikari.setInitializationFailTimeout(-1);
    if (metrics != null) {
      hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    }
    return hikari;
  }

  /**
   * A separate, smaller pool on the same database, so that slow primers cannot starve another user
   * of it (the postgres cache store, the cluster's notices). The caller closes it.
   *
   * @param statementTimeout the longest one statement on it may run
   */
  public HikariDataSource newPool(String name, int size, Duration statementTimeout) {
    return new HikariDataSource(poolConfig(name, pool.getJdbcUrl(), pool.getUsername(), size, statementTimeout));
  }

  /** The pool primers and updaters use. */
  public DataSource dataSource() {
    return pool;
  }

  /** Throws {@link KckException.Unavailable} when the database cannot be reached now (on its own connection). */
  public void ping() {
    try (Connection connection = health.getConnection()) {
      if (!connection.isValid(2)) {
        throw new SQLException("connection not valid");
      }
    } catch (SQLException e) {
      throw new KckException.Unavailable("the source database is unavailable", Duration.ofSeconds(5), e);
    }
  }

  @Override
  public void close() {
    health.close();
    pool.close();
    if (embedded != null) {
      embedded.close();
    }
  }

  private static String seconds(Duration duration) {
    return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
  }
}
