package dev.kck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.kck.config.KckConfig;
import dev.kck.testing.CassandraNode;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cassandra node stopped under a running instance: cached keys keep being served, misses get
 * 503 with Retry-After, readiness names the store, and all comes back by itself when the node does.
 */
class CassandraOutageIT {
  private static CassandraNode node;
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    node = CassandraNode.start("127.0.0.1");
    KckConfig config = TestConfigs.withCassandra(TestConfigs.demo(DemoDatabase.newCopy(), "cassandra"),
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
  void serves_hits_refuses_misses_with_503_and_recovers_without_a_restart() {
    for (int id = 1; id <= 3; id++) {
      kck.request().get("/fetch/store/" + id).then().statusCode(200);
    }
    int threadsBefore = Thread.activeCount();

    node.kill();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        kck.request().get("/health/ready").then().statusCode(503)
            .body("checks.cache_store", startsWith("down")).body("checks.source", equalTo("up")));
    for (int id = 1; id <= 3; id++) {
      kck.request().get("/fetch/store/" + id).then().statusCode(200).header("Cache-Status", "kck; hit");
    }
    kck.request().get("/fetch/store/4").then().statusCode(503)
        .contentType("application/problem+json").header("Retry-After", notNullValue());

    node.restart();

    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      kck.request().get("/health/ready").then().statusCode(200);
      kck.request().get("/fetch/store/4").then().statusCode(200);
    });
    assertThat(Thread.activeCount()).as("threads after recovery").isLessThanOrEqualTo(threadsBefore + 16);
  }
}
