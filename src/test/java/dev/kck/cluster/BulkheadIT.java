package dev.kck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.kck.config.KckConfig;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stuck dependency stalls only what needs it: primers that never return end with 504 within the
 * source's statement timeout and hold at most cache.max_primer_runs threads (a miss beyond them is
 * refused at once with 503), and a lock held on the cache store's tables ends the requests that
 * need the store with 503 within cache.statement_timeout; meanwhile hot keys, /health/live and
 * readiness keep answering.
 */
class BulkheadIT {
  private static final Duration SOURCE_STATEMENTS = Duration.ofSeconds(3);
  private static final Duration STORE_STATEMENTS = Duration.ofSeconds(1);
  private static String jdbcUrl;
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    jdbcUrl = DemoDatabase.newCopy();
    KckConfig demo = TestConfigs.withProducts(TestConfigs.demo(jdbcUrl, "postgres"),
        TestConfigs.demoPlus("products-slow"));
    KckConfig.Source source = demo.source();
    kck = RunningApp.start(new KckConfig(demo.server(), demo.auth(),
        new KckConfig.Source(source.url(), source.user(), source.password(), source.poolSize(), SOURCE_STATEMENTS,
            source.initSql(), source.dataDir()),
        new KckConfig.Cache("postgres", demo.cache().l1MaxBytes(), demo.cache().cassandra(), STORE_STATEMENTS, 2,
            KckConfig.Cache.DEFAULT_MAX_VALUE_BYTES),
        demo.products(), demo.updaters(), demo.plugins(), demo.refresh()));
    kck.request().get("/fetch/store/1").then().statusCode(200);
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void primers_that_never_return_end_in_504_and_a_miss_beyond_the_bound_is_503_at_once() {
    List<CompletableFuture<Response>> stuck = List.of(fetchLater("/fetch/stuck_value/1"),
        fetchLater("/fetch/stuck_value/2"));
    awaitPrimerThreadsBusy();

    long started = System.nanoTime();
    kck.request().get("/fetch/stuck_value/3").then().statusCode(503).header("Retry-After", notNullValue())
        .contentType("application/problem+json");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    kck.request().get("/fetch/store/1").then().statusCode(200).header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
    kck.request().get("/health/live").then().statusCode(200);
    kck.request().get("/health/ready").then().statusCode(200);

    for (CompletableFuture<Response> request : stuck) {
      request.join().then().statusCode(504).contentType("application/problem+json");
    }
  }

  @Test
  void a_lock_on_the_store_tables_ends_what_needs_them_with_503_and_nothing_else() throws Exception {
    try (Connection locker = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
      locker.setAutoCommit(false);
      try (Statement statement = locker.createStatement()) {
        statement.execute("lock table kck.entries in access exclusive mode");
      }
      long started = System.nanoTime();
      kck.request().get("/fetch/store/2").then().statusCode(503).contentType("application/problem+json");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by cache.statement_timeout")
          .isLessThan(STORE_STATEMENTS.multipliedBy(4).plusSeconds(2));
      kck.request().get("/fetch/store/1").then().statusCode(200).header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
      kck.request().get("/health/live").then().statusCode(200);
      locker.rollback();
    }
    kck.request().get("/fetch/store/2").then().statusCode(200);
  }

  private static CompletableFuture<Response> fetchLater(String path) {
    return CompletableFuture.supplyAsync(() -> kck.request().get(path));
  }

  /** Both primer threads are taken when the source runs both stuck queries. */
  private static void awaitPrimerThreadsBusy() {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("select count(*) from pg_stat_activity where state = 'active'"
              + " and query like '%pg_sleep(600)%' and pid <> pg_backend_pid()")) {
        row.next();
        return row.getInt(1) >= 2;
      }
    });
  }
}
