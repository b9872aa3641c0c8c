package dev.kck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.equalTo;

import dev.kck.config.KckConfig;
import dev.kck.store.CacheStore;
import dev.kck.testing.Cluster;
import dev.kck.testing.CountingPrimer;
import dev.kck.testing.RunningApp;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a cluster of KCK instances sharing one cache store and one source guarantees, run against
 * each store backend: one primer run per cold key cluster-wide, new versions seen by every
 * instance's L1, and leases of a dead instance taken over.
 */
abstract class ClusterContract {
  private static Cluster cluster;
  private static String jdbcUrl;

  /** Starts the two instances with the backend's configuration. */
  static void startCluster(KckConfig config, String sourceUrl) {
    jdbcUrl = sourceUrl;
    cluster = new Cluster(config, 2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The store the instances share, as a dead instance would have left it. */
  abstract CacheStore store();

  @Test
  void five_hundred_concurrent_fetches_of_a_cold_key_over_two_instances_run_the_primer_once() throws Exception {
    String key = "counted/" + System.nanoTime() % 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(500);
    try {
      List<Callable<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        RunningApp instance = cluster.get(i % 2);
        calls.add(() -> instance.as("u", CountingPrimer.SCOPE).get("/fetch/" + key));
      }
      List<Response> responses = new ArrayList<>();
      for (Future<Response> future : pool.invokeAll(calls)) {
        responses.add(future.get());
      }
      assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
      assertThat(responses.stream().map(r -> r.header("ETag")).distinct()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(CountingPrimer.runs(key)).isEqualTo(1);
  }

  @Test
  void a_new_version_made_on_one_instance_replaces_the_other_instances_l1_copy() throws Exception {
    RunningApp a = cluster.get(0);
    RunningApp b = cluster.get(1);
    b.request().get("/fetch/store/8").then().statusCode(200).body("value.name", equalTo("Prague Central"));
    b.request().get("/fetch/store/8").then().header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
    sql("update stores set name = 'Prague Castle' where id = 8");
    a.as("ops", "kck:admin").post("/refresh/store/8").then().statusCode(202);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        b.request().get("/fetch/store/8").then().body("value.name", equalTo("Prague Castle")));
  }

  @Test
  void a_lease_left_by_a_dead_instance_expires_and_is_taken_over() {
    String key = "counted/" + (System.nanoTime() % 1_000_000_000L + 1);
    long started = System.nanoTime(); // before the lease is taken: it cannot end sooner than 3 s after this
    assertThat(store().leases().take("primer:" + key, "an-instance-that-died", Duration.ofSeconds(3))).isTrue();
    cluster.get(1).as("u", CountingPrimer.SCOPE).get("/fetch/" + key).then().statusCode(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    assertThat(CountingPrimer.runs(key)).isEqualTo(1);
  }

  static void sql(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
