package dev.kck.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.kck.config.KckConfig;
import dev.kck.store.CacheStore;
import dev.kck.store.postgres.PostgresStore;
import dev.kck.testing.CountingPrimer;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A refresh requested is never lost: not by a restart, not by the instance that claimed it stopping. */
class DurableQueueIT {
  private static KckConfig config;
  private static HikariDataSource database;
  private static CacheStore store;

  @BeforeAll
  static void setUp() {
    String jdbcUrl = DemoDatabase.newCopy();
    config = TestConfigs.demo(jdbcUrl, "postgres");
    database = new HikariDataSource();
    database.setJdbcUrl(jdbcUrl);
    database.setUsername("postgres");
    store = PostgresStore.open(database);
  }

  @AfterAll
  static void tearDown() {
    database.close();
  }

  @Test
  void refreshes_queued_while_no_instance_runs_are_all_done_after_a_restart() {
    try (RunningApp first = RunningApp.start(config)) {
      first.request().get("/health/ready").then().statusCode(200);
    }
    String prefix = "counted/" + System.nanoTime() % 1_000_000;
    for (int i = 0; i < 5; i++) {
      store.queue().request(prefix + i, 1);
    }
    try (RunningApp second = RunningApp.start(config)) {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        for (int i = 0; i < 5; i++) {
          assertThat(CountingPrimer.runs(prefix + i)).isEqualTo(1);
        }
        assertThat(store.queue().pending()).isZero();
      });
    }
  }

  @Test
  void a_refresh_still_running_when_its_instance_stops_is_given_back_and_completed_by_another() {
    String key = "counted/-8000"; // longer than a stopping instance lets its refreshes run
    RunningApp first = RunningApp.start(config);
    first.as("ops", "kck:admin").post("/refresh/" + key).then().statusCode(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> CountingPrimer.runs(key) >= 1);
    int runsBefore = CountingPrimer.runs(key);
    try (RunningApp second = RunningApp.start(config)) {
      first.close(); // mid-refresh: the primer is still sleeping; the claim is given back, not left to lapse
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(CountingPrimer.runs(key)).isGreaterThan(runsBefore);
        assertThat(store.queue().pending()).isZero();
        second.as("u", CountingPrimer.SCOPE).get("/fetch/" + key).then().statusCode(200)
            .header("Cache-Status", "kck; hit");
      });
    }
  }
}
