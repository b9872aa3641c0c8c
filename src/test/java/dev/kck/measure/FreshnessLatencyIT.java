package dev.kck.measure;

import dev.kck.config.KckConfig;
import dev.kck.testing.Cluster;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.SharedCassandra;
import dev.kck.testing.SseReader;
import dev.kck.testing.TestConfigs;
import dev.kck.testing.Tokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measurements for the issue notes, not assertions: how long a new version made on one instance
 * takes to be served by another, and to reach a subscriber there, over 100 tries each, on each
 * store. Run by hand: {@code mvn verify -Pmeasure -Dit.test=FreshnessLatencyIT}; it prints
 * p50 / p99 / max. (Performance claims come from the benchmark; this is the cluster latency.)
 */
@Tag("measure")
class FreshnessLatencyIT {
  private static final int TRIES = 100;

  @Test
  void postgres_store() throws Exception {
    String jdbcUrl = DemoDatabase.newCopy();
    measure("postgres", TestConfigs.demo(jdbcUrl, "postgres"), jdbcUrl);
  }

  @Test
  void cassandra_store() throws Exception {
    String jdbcUrl = DemoDatabase.newCopy();
    measure("cassandra", TestConfigs.withCassandra(TestConfigs.demo(jdbcUrl, "cassandra"),
        SharedCassandra.node().contactPoint(), SharedCassandra.newKeyspace("measure")), jdbcUrl);
  }

  private static void measure(String store, KckConfig config, String jdbcUrl) throws Exception {
    try (Cluster cluster = new Cluster(config, 2)) {
      RunningApp a = cluster.get(0);
      RunningApp b = cluster.get(1);
      List<Double> invalidation = new ArrayList<>();
      for (int i = 0; i < TRIES; i++) {
        String name = "Store " + store + " " + i;
        b.request().get("/fetch/store/9").then().statusCode(200);
        sql(jdbcUrl, "update stores set name = '" + name + "' where id = 9");
        long start = System.nanoTime();
        a.as("ops", "kck:admin").post("/refresh/store/9").then().statusCode(202);
        invalidation.add(until(start, () -> name.equals(b.request().get("/fetch/store/9").jsonPath().getString("value.name"))));
      }
      report(store, "refresh queued on A -> new value served by B", invalidation);

      List<Double> updates = new ArrayList<>();
      List<Double> streamed = new ArrayList<>();
      b.as("grace", "").get("/fetch/my_purchases/grace").then().statusCode(200);
      try (SseReader stream = new SseReader(b.baseUrl() + "/subscribe/my_purchases/grace", Tokens.of("grace", ""))) {
        until(System.nanoTime(), () -> stream.entries().size() == 1);
        for (int i = 0; i < TRIES; i++) {
          int quantity = 1 + i % 9;
          String amount = (1000 + i) + ".25";
          int seen = stream.entries().size();
          long start = System.nanoTime();
          a.as("till", "sales:write").contentType("application/json")
              .body("{\"store_id\": 1, \"product_id\": 2, \"customer\": \"grace\", \"quantity\": " + quantity
                  + ", \"amount\": " + amount + "}")
              .post("/update/record_sale").then().statusCode(200);
          updates.add(until(start, () -> b.as("grace", "").get("/fetch/my_purchases/grace")
              .asString().contains("\"amount\":" + amount)));
          until(start, () -> stream.entries().size() > seen
              && stream.entries().get(stream.entries().size() - 1).contains("\"amount\":" + amount));
          streamed.add((stream.arrivals().get(stream.arrivals().size() - 1) - start) / 1e6);
        }
      }
      report(store, "POST /update on A -> new value served by B", updates);
      report(store, "POST /update on A -> entry on a /subscribe stream on B", streamed);
      augmentVersusRecompute(store, cluster);
    }
  }

  /** sales_totals over 1,000,000 sales: recomputed in full, or a record_sale added in place. */
  private static void augmentVersusRecompute(String store, Cluster cluster) {
    RunningApp a = cluster.get(0);
    for (int i = 0; i < 5; i++) {
      a.as("ops", "kck:admin").delete("/cache/sales_totals").then().statusCode(204);
      a.as("ops", "sales:read").get("/fetch/sales_totals").then().statusCode(200);
      for (int j = 0; j < 20; j++) {
        a.as("till", "sales:write").contentType("application/json")
            .body("{\"store_id\": 2, \"product_id\": 3, \"customer\": \"heidi\", \"quantity\": 1, \"amount\": 9.99}")
            .post("/update/record_sale").then().statusCode(200);
      }
    }
    double recompute = meanMillis(cluster, "kck_primer_runs_seconds", "product=\"sales_totals\"");
    double augment = meanMillis(cluster, "kck_augment_runs_seconds", "outcome=\"applied\"");
    System.out.printf("MEASURE %s | sales_totals: recompute mean %.1f ms, augment mean %.2f ms, ratio %.0fx%n",
        store, recompute, augment, recompute / augment);
  }

  private static double meanMillis(Cluster cluster, String timer, String label) {
    double sum = 0;
    double count = 0;
    for (RunningApp instance : cluster.all()) {
      for (String line : instance.request().get("/metrics").asString().split("\n")) {
        if (line.contains(label) && line.startsWith(timer + "_sum")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        } else if (line.contains(label) && line.startsWith(timer + "_count")) {
          count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return sum / count * 1000;
  }

  private static double until(long startNanos, BooleanSupplier done) throws InterruptedException {
    long deadline = startNanos + 10_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return Double.NaN;
      }
      Thread.sleep(1);
    }
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private static void report(String store, String what, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("MEASURE %s | %s | n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", store, what, sorted.size(),
        sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1));
  }

  private static void sql(String jdbcUrl, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
