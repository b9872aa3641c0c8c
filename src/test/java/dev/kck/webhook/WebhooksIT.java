package dev.kck.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.config.KckConfig;
import dev.kck.kernel.Json;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.Sql;
import dev.kck.testing.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A product's webhooks, end to end: a receiver on a loopback port gets every new version, signed
 * per Standard Webhooks (checked by the receiver's own implementation of the algorithm), in order
 * per key; what it misses while it is down, and across a restart of KCK, reaches it once it is back.
 */
class WebhooksIT {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static String jdbcUrl;
  private static KckConfig config;
  private static WebhookReceiver receiver;
  private static RunningApp app;

  @BeforeAll
  static void start() throws Exception {
    jdbcUrl = DemoDatabase.newCopy();
    Sql.run(jdbcUrl, "create table hook_counter (id int primary key, value int);"
        + " insert into hook_counter values (1, 0), (2, 0), (3, 0)");
    receiver = new WebhookReceiver(SECRET).start();
    Path products = TestConfigs.demoPlus();
    Files.writeString(products.resolve("hook_counter.yaml"), """
        name: hook_counter
        parameters:
          - { name: id, type: int }
        sql: select value from hook_counter where id = :id
        result: value
        reads: [hook_counter]
        access: public
        webhooks:
          - { url: "http://127.0.0.1:%d/entries", secret: "${KCK_TEST_WEBHOOK_SECRET:-%s}", events: [new_version] }
          - { url: "http://127.0.0.1:%d/keys", secret: "%s", body: key }
        """.formatted(receiver.port(), SECRET, receiver.port(), SECRET));
    config = TestConfigs.withProducts(TestConfigs.demo(jdbcUrl, "postgres"), products);
    app = RunningApp.start(config);
  }

  @AfterAll
  static void stop() {
    app.close();
    receiver.close();
  }

  @Test
  void a_receiver_gets_every_new_version_signed_and_in_order_per_key() throws Exception {
    List<Long> first = new ArrayList<>(List.of(fetchVersion(1)));
    List<Long> second = new ArrayList<>(List.of(fetchVersion(2)));
    for (int value = 1; value <= 3; value++) {
      first.add(newVersion(1, value));
      second.add(newVersion(2, value * 10));
    }

    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(versionsOf("/entries", "hook_counter/1")).containsExactlyElementsOf(first);
      assertThat(versionsOf("/entries", "hook_counter/2")).containsExactlyElementsOf(second);
      assertThat(versionsOf("/keys", "hook_counter/1")).containsExactlyElementsOf(first);
    });
    List<Integer> values = bodiesOf("/entries", "hook_counter/2").stream().map(b -> b.get("value").asInt()).toList();
    assertThat(values).containsExactly(0, 10, 20, 30);
    assertThat(bodiesOf("/keys", "hook_counter/1")).allSatisfy(body ->
        assertThat(body.fieldNames()).toIterable().containsExactly("key", "version", "modified"));
    assertThat(receiver.received("/entries")).allSatisfy(delivery ->
        assertThat(Instant.ofEpochSecond(delivery.timestamp())).isBetween(Instant.now().minusSeconds(300),
            Instant.now().plusSeconds(5)));
    assertThat(receiver.refused()).isEmpty();
  }

  @Test
  void what_a_stopped_receiver_missed_reaches_it_once_back_even_across_a_restart_of_kck() throws Exception {
    receiver.stop();
    List<Long> versions = new ArrayList<>(List.of(fetchVersion(3)));
    versions.add(newVersion(3, 1));
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(metric("kck_webhook_deliveries_total{outcome=\"failed\""))
        .isPositive());
    app.close(); // the deliveries wait in the source database, not in this instance
    app = RunningApp.start(config);
    versions.add(newVersion(3, 2));
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(metric("kck_webhook_pending")).isGreaterThanOrEqualTo(6));
    assertThat(versionsOf("/entries", "hook_counter/3")).isEmpty();

    receiver.start();

    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(versionsOf("/entries", "hook_counter/3")).containsExactlyElementsOf(versions);
      assertThat(versionsOf("/keys", "hook_counter/3")).containsExactlyElementsOf(versions);
    });
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(metric("kck_webhook_pending")).isZero());
    assertThat(metric("kck_webhook_deliveries_total{outcome=\"delivered\"")).isGreaterThanOrEqualTo(6);
    assertThat(receiver.refused()).isEmpty();
  }

  /** Fetches a key (priming it on a miss) and returns the version served. */
  private static long fetchVersion(int id) {
    String etag = app.request().get("/fetch/hook_counter/" + id).then().statusCode(200).extract().header("ETag");
    return Long.parseLong(etag.replace("\"", ""));
  }

  /** Changes the source row, refreshes the key and returns the new version once it is served. */
  private static long newVersion(int id, int value) throws Exception {
    Sql.run(jdbcUrl, "update hook_counter set value = " + value + " where id = " + id);
    app.as("ops", "kck:admin").post("/refresh/hook_counter/" + id).then().statusCode(202);
    await().atMost(PATIENCE).until(() ->
        app.request().get("/fetch/hook_counter/" + id).jsonPath().getInt("value") == value);
    return fetchVersion(id);
  }

  private static List<JsonNode> bodiesOf(String path, String key) {
    return receiver.received(path).stream().map(delivery -> {
      try {
        return Json.MAPPER.readTree(delivery.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).filter(body -> body.get("key").asText().equals(key)).toList();
  }

  private static List<Long> versionsOf(String path, String key) {
    return bodiesOf(path, key).stream().map(body -> body.get("version").asLong()).toList();
  }

  /** The sum of a metric's samples whose line starts with the given name and labels. */
  private static double metric(String prefix) {
    return app.request().get("/metrics").asString().lines().filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }
}
