package dev.kck.source;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The authoritative PostgreSQL that primers read and updaters write: a HikariCP pool, over either a
 * configured JDBC URL or a real embedded PostgreSQL started here ({@code source.url: embedded}).
 */
public final class Source implements AutoCloseable {
  private final HikariDataSource pool;
  private final EmbeddedDatabase embedded;

  private Source(HikariDataSource pool, EmbeddedDatabase embedded) {
    this.pool = pool;
    this.embedded = embedded;
  }

  /** Starts the embedded database if configured, then opens the pool. */
  public static Source open(KckConfig.Source config) {
    EmbeddedDatabase embedded = config.isEmbedded() ? EmbeddedDatabase.start(config) : null;
    try {
      String url = embedded != null ? embedded.jdbcUrl() : config.url();
      String user = embedded != null ? EmbeddedDatabase.USER : config.user();
      return new Source(new HikariDataSource(poolConfig(config, url, user)), embedded);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  private static HikariConfig poolConfig(KckConfig.Source config, String url, String user) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("kck-source");
    hikari.setJdbcUrl(url);
    hikari.setUsername(user);
    if (config.password() != null && !config.password().isEmpty()) {
      hikari.setPassword(config.password());
    }
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    // The server enforces the primer time limit; SQLState 57014 then becomes a 504.
    hikari.setConnectionInitSql("set statement_timeout = " + config.statementTimeout().toMillis());
    // Start even when the database is down: /health/ready reports it and requests get 503.
    hikari.setInitializationFailTimeout(-1);
    return hikari;
  }

  /**
   * A separate, smaller pool on the same database, so that slow primers cannot starve another user
   * of it (the postgres cache store). The caller closes it.
   */
  public HikariDataSource newPool(String name, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setJdbcUrl(pool.getJdbcUrl());
    hikari.setUsername(pool.getUsername());
    hikari.setPassword(pool.getPassword());
    hikari.setMaximumPoolSize(size);
    hikari.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    hikari.setInitializationFailTimeout(-1);
    return new HikariDataSource(hikari);
  }

  public DataSource dataSource() {
    return pool;
  }

  /** Throws {@link KckException.Unavailable} when the database cannot be reached now. */
  public void ping() {
    try (Connection connection = pool.getConnection()) {
      if (!connection.isValid(2)) {
        throw new SQLException("connection not valid");
      }
    } catch (SQLException e) {
      throw new KckException.Unavailable("the source database is unavailable", Duration.ofSeconds(5), e);
    }
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
