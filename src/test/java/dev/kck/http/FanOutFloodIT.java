package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.Sql;
import dev.kck.testing.TestConfigs;
import io.restassured.response.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flood of keys, then one write: 12 owners each fetch 1,000 keys of a product reading {@code
 * stores} (12,000 cached keys), then one of them renames a store. The update's response stays
 * small, names only the caller's keys and counts all of them; the instance answers while the
 * fan-out runs; every key is refreshed, and the update's intent leaves the outbox once it is.
 */
class FanOutFloodIT {
  private static final int OWNERS = 12;
  private static final int KEYS_PER_OWNER = 1000;
  private static final String CALLER = "owner-3";
  private static final String NEW_NAME = "Renamed after the flood";
  private static String jdbcUrl;
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    jdbcUrl = DemoDatabase.newCopy();
    kck = RunningApp.start(TestConfigs.withUpdaters(TestConfigs.withProducts(TestConfigs.demo(jdbcUrl, "postgres"),
        TestConfigs.demoPlus("products-flood")), TestConfigs.demoUpdatersPlus("updaters-flood")));
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void one_write_after_a_flood_answers_small_names_only_the_callers_keys_and_refreshes_every_key()
      throws SQLException {
    IntStream.range(0, OWNERS).forEach(FanOutFloodIT::fetchAllKeysOf);
    kck.as("ops", "").get("/fetch/product_price/1").then().statusCode(200); // a key the update does not touch

    Response update = kck.as(CALLER, "").contentType("application/json").body("{\"name\": \"" + NEW_NAME + "\"}")
        .post("/update/rename_first_store");

    update.then().statusCode(200);
    assertThat(update.asByteArray().length).isLessThan(64 * 1024);
    List<String> refreshing = update.jsonPath().getList("refreshing");
    assertThat(refreshing).hasSizeBetween(2, 100).doesNotHaveDuplicates()
        .allMatch(key -> key.endsWith("/" + CALLER), "only the caller's keys");
    assertThat(refreshing.get(0)).as("the update's own key first").isEqualTo("flood_note/1/" + CALLER);
    assertThat(update.jsonPath().getLong("refreshing_total")).isGreaterThanOrEqualTo(OWNERS * KEYS_PER_OWNER);
    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
      kck.request().get("/health/live").then().statusCode(200);
      kck.as("ops", "").get("/fetch/product_price/1").then().statusCode(200).header("Cache-Status", startsWith("kck; hit"));
      // The intent leaves the outbox once every reader is queued; the queue empties as they are refreshed.
      return Sql.count(jdbcUrl, "select count(*) from kck.outbox") == 0 && queueDepth() == 0;
    });
    for (int owner = 0; owner < OWNERS; owner++) {
      String key = "flood_note/" + (owner * 83 + 1) + "/owner-" + owner;
      assertThat(kck.as("owner-" + owner, "").get("/fetch/" + key).jsonPath().getString("value.store_name"))
          .as(key).isEqualTo(NEW_NAME);
    }
  }

  /** One owner's keys, fetched (and so cached) in one batch. */
  private static void fetchAllKeysOf(int owner) {
    String keys = IntStream.rangeClosed(1, KEYS_PER_OWNER).mapToObj(n -> "\"flood_note/" + n + "/owner-" + owner + "\"")
        .collect(Collectors.joining(", ", "{\"keys\": [", "]}"));
    Response batch = kck.as("owner-" + owner, "").contentType("application/json").body(keys).post("/fetch");
    batch.then().statusCode(200);
    assertThat(batch.jsonPath().getList("results.findAll { it.error != null }")).as("batch errors").isEmpty();
  }

  private static long queueDepth() {
    return AdminCalls.admin(kck).get("/admin/queue").then().statusCode(200).extract().jsonPath().getLong("depth");
  }
}
