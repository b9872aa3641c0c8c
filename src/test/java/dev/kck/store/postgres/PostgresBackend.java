package dev.kck.store.postgres;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.kck.store.CacheStore;
import dev.kck.store.StoreBackend;
import dev.kck.testing.SharedPostgres;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.core.ThrowingRunnable;

/**
 * The postgres store on the shared PostgreSQL, in one database for every postgres store test of the
 * run (each test keeps to keys of its own), on real time.
 */
final class PostgresBackend implements StoreBackend {
  private static HikariDataSource dataSource;

  /** The database every postgres store test uses, made on first use. */
  static synchronized HikariDataSource dataSource() {
    if (dataSource == null) {
      dataSource = SharedPostgres.newDatabase("postgres_store");
    }
    return dataSource;
  }

  @Override
  public CacheStore open() {
    return PostgresStore.open(dataSource());
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Duration shortLifetime() {
    return Duration.ofSeconds(1);
  }

  @Override
  public void afterTimePasses(Duration elapsed, ThrowingRunnable expectation) {
    await().atMost(elapsed.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(expectation);
  }
}
