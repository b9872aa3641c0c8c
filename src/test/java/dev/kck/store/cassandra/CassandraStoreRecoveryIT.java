package dev.kck.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.store.CacheStore;
import dev.kck.store.StoredEntry;
import dev.kck.testing.CassandraNode;
import java.time.Clock;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A store whose node dies and comes back: it fails fast while the node is gone and recovers by
 * itself, without a restart. Runs its own node (127.0.0.2), not the shared one other tests use.
 */
class CassandraStoreRecoveryIT {
  /** Node restart (10-30 s on a busy machine) plus the driver's reconnection delay. */
  private static final Duration RECOVERY = Duration.ofSeconds(90);

  /** A failing call must not wait long: a connection refused is known at once. */
  private static final Duration FAILS_WITHIN = DriverSettings.REQUEST_TIMEOUT.plusSeconds(2);

  private static CassandraNode node;

  @BeforeAll
  static void startNode() {
    node = CassandraNode.start("127.0.0.2");
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.kill();
      node.stop();
    }
  }

  @Test
  void fails_fast_while_its_node_is_down_and_recovers_by_itself_when_it_returns() {
    KckConfig.Cassandra config = CassandraBackend.configFor(node, "recovery");
    try (CacheStore running = CassandraStore.open(config, Clock.systemUTC())) {
      running.entries().putIfNewer(CassandraStoreIT.entry("book/7", 1, null));

      node.kill();

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> failsFast(running::ping));
      failsFast(() -> running.entries().get("book/7"));
      failsFast(() -> running.entries().putIfNewer(CassandraStoreIT.entry("book/7", 2, null)));
      try (CacheStore startedDuringOutage = CassandraStore.open(config, Clock.systemUTC(), Duration.ofSeconds(1))) {
        failsFast(startedDuringOutage::ping);

        node.restart();

        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .untilAsserted(() -> assertThat(running.entries().get("book/7")).isPresent());
        assertThat(running.entries().putIfNewer(CassandraStoreIT.entry("book/7", 2, null))).isTrue();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .untilAsserted(() -> assertThat(startedDuringOutage.entries().get("book/7")).get()
                .extracting(StoredEntry::version).isEqualTo(2L));
        startedDuringOutage.ping();
      }
    }
  }

  private static void failsFast(ThrowingCallable call) {
    long start = System.nanoTime();
    assertThatThrownBy(call).isInstanceOf(KckException.Unavailable.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAILS_WITHIN);
  }
}
