package dev.kck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.kck.config.KckConfig;
import dev.kck.testing.CassandraNode;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.Sql;
import dev.kck.testing.TestConfigs;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cassandra node stopped under a running instance: cached keys keep being served, misses get
 * 503 with Retry-After, readiness names the store, an update still commits with 200 and its
 * refreshes happen once the node is back, and all comes back by itself, without a restart.
 */
class CassandraOutageIT {
  private static final String SALE = """
      {"store_id": 4, "product_id": 9, "customer": "dave", "quantity": 2, "amount": "19.99"}""";
  private static CassandraNode node;
  private static RunningApp kck;
  private static String jdbcUrl;

  @BeforeAll
  static void start() {
    node = CassandraNode.start("127.0.0.1");
    jdbcUrl = DemoDatabase.newCopy();
    KckConfig config = TestConfigs.withCassandra(TestConfigs.demo(jdbcUrl, "cassandra"),
        node.contactPoint(), "kck_outage");
    kck = RunningApp.start(config);
  }

  @AfterAll
  static void stop() {
    if (kck != null) {
      kck.close();
    }
    node.stop();
  }

  @Test
  void serves_hits_refuses_misses_commits_updates_and_recovers_without_a_restart() throws Exception {
    for (int id = 1; id <= 3; id++) {
      kck.request().get("/fetch/store/" + id).then().statusCode(200);
    }
    kck.as("ops", "sales:read").get("/fetch/sales_totals").then().statusCode(200);
    int threadsBefore = Thread.activeCount();

    node.kill();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        kck.request().get("/health/ready").then().statusCode(503)
            .body("checks.cache_store", startsWith("down")).body("checks.source", equalTo("up")));
    for (int id = 1; id <= 3; id++) {
      kck.request().get("/fetch/store/" + id).then().statusCode(200).header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
    }
    kck.request().get("/fetch/store/4").then().statusCode(503)
        .contentType("application/problem+json").header("Retry-After", notNullValue());
    long salesBefore = Sql.count(jdbcUrl, "select count(*) from sales");
    kck.as("ops", "sales:write sales:read").contentType("application/json").body(SALE).post("/update/record_sale")
        .then().statusCode(200).body("refreshing", hasItem("sales_totals"));
    assertThat(Sql.count(jdbcUrl, "select count(*) from sales")).as("the update committed").isEqualTo(salesBefore + 1);

    node.restart();

    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      kck.request().get("/health/ready").then().statusCode(200);
      kck.request().get("/fetch/store/4").then().statusCode(200);
    });
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> kck.as("ops", "sales:read").get("/fetch/sales_totals")
        .then().body("value.sales", equalTo((int) (salesBefore + 1))));
    // Bounded pools may have grown since (primer runs 16, Cassandra fan-out 16, batch fetches 8): no more.
    assertThat(Thread.activeCount()).as("threads after recovery").isLessThanOrEqualTo(threadsBefore + 16 + 40);
  }
}
