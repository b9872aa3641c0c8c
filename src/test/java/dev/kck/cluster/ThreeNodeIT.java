package dev.kck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.config.KckConfig;
import dev.kck.testing.CassandraNode;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import io.restassured.response.Response;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real three-node Cassandra cluster on 127.0.0.1-3 with replication factor 3: one node stopped
 * under load fails no fetch. The L1 is off so that every fetch reads the store. Slow (three nodes
 * on two cores), so it runs in its own Maven profile: {@code mvn verify -Pthree-nodes}.
 */
@Tag("three-nodes")
class ThreeNodeIT {
  private static final List<CassandraNode> nodes = new ArrayList<>();
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    nodes.add(CassandraNode.start("127.0.0.1"));
    List<InetSocketAddress> seeds = List.of(nodes.get(0).storageEndpoint());
    nodes.add(CassandraNode.start("127.0.0.2", seeds));
    nodes.add(CassandraNode.start("127.0.0.3", seeds));
    KckConfig base = TestConfigs.demo(DemoDatabase.newCopy(), "cassandra");
    KckConfig.Cassandra cassandra = new KckConfig.Cassandra(
        nodes.stream().map(n -> "127.0.0." + (nodes.indexOf(n) + 1) + ":" + n.contactPoint().getPort()).toList(),
        "datacenter1", "kck_three", "{'class': 'SimpleStrategy', 'replication_factor': 3}", "LOCAL_ONE",
        "LOCAL_QUORUM");
    kck = RunningApp.start(TestConfigs.withoutL1(TestConfigs.withCassandra(base, cassandra)));
    // As a load balancer would: no traffic until the instance is ready (its store schema is made).
    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
        kck.request().get("/health/ready").then().statusCode(200));
  }

  @AfterAll
  static void stop() {
    if (kck != null) {
      kck.close();
    }
    nodes.forEach(CassandraNode::stop);
  }

  @Test
  void stopping_one_node_of_three_under_load_fails_no_fetch() throws Exception {
    AtomicInteger ok = new AtomicInteger();
    Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
    AtomicLong counter = new AtomicLong();
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    ExecutorService load = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 8; i++) {
      load.execute(() -> {
        while (System.nanoTime() < until) {
          long n = counter.incrementAndGet();
          // Half hits of a few warm keys (an L2 read each), half new keys (a miss: lease, version, write).
          String key = n % 2 == 0 ? "store/" + (n % 50 + 1) : "store_daily_sales/" + (n % 50 + 1) + "/2025-0"
              + (n / 50 % 9 + 1) + "-1" + (n / 450 % 9);
          Response response = kck.as("load", "sales:read").get("/fetch/" + key);
          if (response.statusCode() == 200) {
            ok.incrementAndGet();
          } else {
            failures.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
          }
        }
      });
    }
    Thread.sleep(10_000);
    nodes.get(2).kill();
    load.shutdown();
    assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    System.out.printf("three-node test: %d fetches served, failures by status %s%n", ok.get(), failures);
    assertThat(failures).as("fetches that failed").isEmpty();
    assertThat(ok.get()).isGreaterThan(100);
  }
}
