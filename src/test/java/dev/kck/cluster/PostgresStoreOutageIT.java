package dev.kck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kck.config.KckConfig;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.KckProcess;
import dev.kck.testing.RunningApp;
import dev.kck.testing.Sql;
import dev.kck.testing.TestConfigs;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The postgres store's tables unavailable (locked by another session) while the source stays up: an
 * update still commits with 200 and its refreshes happen once the tables are back; an instance
 * killed (SIGKILL) after an update committed and before its relay ran leaves nothing undone, since
 * another instance's sweeper takes the intent over. Augmented values equal what SQL computes after
 * these faults: no hint is applied twice.
 */
class PostgresStoreOutageIT {
  private static final JsonPathConfig EXACT = new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL);
  private static final String SALE = """
      {"store_id": 6, "product_id": 3, "customer": "erin", "quantity": 1, "amount": "%s"}""";
  private static String jdbcUrl;
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    jdbcUrl = DemoDatabase.newCopy();
    KckConfig demo = TestConfigs.demo(jdbcUrl, "postgres");
    kck = RunningApp.start(new KckConfig(demo.server(), demo.auth(), demo.source(),
        new KckConfig.Cache("postgres", demo.cache().l1MaxBytes(), demo.cache().cassandra(), Duration.ofSeconds(1),
            16, KckConfig.Cache.DEFAULT_MAX_VALUE_BYTES),
        demo.products(), demo.updaters(), demo.plugins(), demo.refresh()));
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void an_update_commits_while_the_store_tables_are_locked_and_its_refreshes_happen_after() throws Exception {
    totals(kck.as("ops", "sales:read").get("/fetch/sales_totals"));
    long salesBefore = Sql.count(jdbcUrl, "select count(*) from sales");

    try (StoreLock lock = StoreLock.take(jdbcUrl)) {
      kck.as("ops", "sales:write").contentType("application/json").body(SALE.formatted("3.30"))
          .post("/update/record_sale").then().statusCode(200);
      assertThat(Sql.count(jdbcUrl, "select count(*) from sales")).isEqualTo(salesBefore + 1);
      kck.as("ops", "sales:read").get("/fetch/sales_totals").then().statusCode(200)
          .header("Cache-Status", "kck; hit");
    }

    awaitTotalsEqualSql(kck);
  }

  @Test
  void a_relay_killed_between_commit_and_relay_is_completed_by_another_instances_sweeper() throws Exception {
    totals(kck.as("ops", "sales:read").get("/fetch/sales_totals"));
    long salesBefore = Sql.count(jdbcUrl, "select count(*) from sales");
    try (KckProcess doomed = KckProcess.start("doomed",
        KckProcess.postgresConfig(jdbcUrl, ", statement_timeout: 60s", ", lease: 3s"))) {
      CompletableFuture<Response> inFlight;
      try (StoreLock lock = StoreLock.take(jdbcUrl)) { // the relay waits on the store, after the commit
        inFlight = CompletableFuture.supplyAsync(() -> doomed.as("ops", "sales:write")
            .contentType("application/json").body(SALE.formatted("4.40")).post("/update/record_sale"));
        await().atMost(Duration.ofSeconds(30))
            .until(() -> Sql.count(jdbcUrl, "select count(*) from sales") == salesBefore + 1);
        assertThat(Sql.count(jdbcUrl, "select count(*) from kck.outbox")).as("the intent, not yet relayed").isOne();

        doomed.kill();
        doomed.awaitExit(Duration.ofSeconds(30));
      }
      assertThat(inFlight.handle((response, failure) -> failure)).succeedsWithin(Duration.ofSeconds(30));
    }

    awaitTotalsEqualSql(kck);
    assertThat(Sql.count(jdbcUrl, "select count(*) from kck.outbox")).isZero();
  }

  /** The cached totals converge on SQL's, exactly: neither an update lost nor one counted twice. */
  private static void awaitTotalsEqualSql(RunningApp instance) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      BigDecimal[] cached = totals(instance.as("ops", "sales:read").get("/fetch/sales_totals"));
      assertThat(cached[0]).isEqualByComparingTo(Sql.decimal(jdbcUrl, "select count(*) from sales"));
      assertThat(cached[1]).isEqualByComparingTo(Sql.decimal(jdbcUrl, "select sum(amount) from sales"));
    });
  }

  private static BigDecimal[] totals(Response response) {
    JsonPath json = response.then().statusCode(200).extract().jsonPath(EXACT);
    return new BigDecimal[] {new BigDecimal(json.getString("value.sales")),
        new BigDecimal(json.getString("value.total_amount"))};
  }

  /** Another session holding the store's tables: every statement on them waits until it lets go. */
  private static final class StoreLock implements AutoCloseable {
    private final Connection connection;

    private StoreLock(Connection connection) {
      this.connection = connection;
    }

    static StoreLock take(String jdbcUrl) throws SQLException {
      Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("lock table kck.entries, kck.refresh_queue, kck.leases in access exclusive mode");
      }
      return new StoreLock(connection);
    }

    @Override
    public void close() throws SQLException {
      connection.rollback();
      connection.close();
    }
  }
}
