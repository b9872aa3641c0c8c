package dev.kck.source;

import dev.kck.config.KckConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from Maven artifacts, with its data kept in {@code source.data_dir}
 * across restarts. {@code source.init_sql} runs once, when the data directory is new; if it fails,
 * the half-made directory is removed so the next start tries again from scratch.
 */
final class EmbeddedDatabase implements AutoCloseable {
  static final String USER = "postgres";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(KckConfig.Source config) {
    Path dataDir = config.dataDir().toAbsolutePath();
    boolean isNew = !Files.exists(dataDir.resolve("PG_VERSION"));
    log.info("Starting embedded PostgreSQL in {}{}", dataDir, isNew ? " (new data directory)" : "");
    EmbeddedDatabase database = new EmbeddedDatabase(startPostgres(dataDir));
    if (isNew) {
      database.initialise(config, dataDir);
    }
    return database;
  }

  private static EmbeddedPostgres startPostgres(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setServerConfig("max_connections", "100")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDir, e);
    }
  }

  private void initialise(KckConfig.Source config, Path dataDir) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      for (Path file : config.initSql()) {
        long started = System.nanoTime();
        statement.execute(Files.readString(file));
        log.info("Ran {} in {} ms", file, (System.nanoTime() - started) / 1_000_000);
      }
    } catch (SQLException | IOException e) {
      close();
      deleteRecursively(dataDir);
      throw new IllegalStateException("init_sql failed; removed " + dataDir + " so the next start retries: "
          + e.getMessage(), e);
    }
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl(USER, "postgres");
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not remove {}", dir, e);
    }
  }
}
