package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /admin/warm/{product}}: 202 with the count queued, then the refresh workers fill every
 * key; without a body, the product's on_boot_sql names the keys; a bad row queues nothing.
 */
class AdminWarmIT {
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    kck = RunningApp.start(TestConfigs.withProducts(TestConfigs.demo(DemoDatabase.newCopy(), "postgres"),
        TestConfigs.demoPlus("products-admin")));
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void refuses_without_a_token_or_without_kck_admin() {
    AdminCalls.refuseWithoutTokenOrScope(kck, "POST", "/admin/warm/store");
  }

  @Test
  void warming_with_parameter_rows_queues_and_fills_every_key() {
    String rows = IntStream.rangeClosed(11, 30).mapToObj(id -> "{\"store_id\": " + id + "}")
        .collect(Collectors.joining(", ", "[", "]"));
    rows = rows.replace("[", "[{\"store_id\": \"11\"}, "); // a text value of the same key counts once

    AdminCalls.admin(kck).contentType("application/json").body(rows).post("/admin/warm/store").then()
        .statusCode(202).contentType("application/json").body("product", equalTo("store")).body("queued", equalTo(20));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cachedStores()).containsAll(
        IntStream.rangeClosed(11, 30).mapToObj(id -> "store/" + id).toList()));
  }

  @Test
  void warming_without_a_body_queues_the_keys_of_its_on_boot_sql() {
    kck.as("ops", AdminCalls.SCOPE).delete("/cache/store_card/2").then().statusCode(204);
    AdminCalls.admin(kck).get("/admin/keys/store_card/2").then().statusCode(404);

    AdminCalls.admin(kck).post("/admin/warm/store_card").then().statusCode(202).body("queued", equalTo(5));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        AdminCalls.admin(kck).get("/admin/keys/store_card/2").then().statusCode(200));
  }

  @Test
  void a_bad_row_or_a_product_without_boot_keys_queues_nothing() {
    long before = queued();
    problem("[{\"store_id\": 41}, {\"store_id\": \"forty-two\"}]", "/admin/warm/store", 400);
    problem("[{\"store_id\": 43}, {}]", "/admin/warm/store", 400);
    problem("[{\"store_id\": 44, \"extra\": 1}]", "/admin/warm/store", 400);
    problem("[{\"store_id\": {\"id\": 45}}]", "/admin/warm/store", 400);
    problem("\"store/46\"", "/admin/warm/store", 400);
    problem("[{\"store_id\": 47}]", "/admin/warm/nosuch", 404);
    AdminCalls.admin(kck).post("/admin/warm/store").then().statusCode(400).contentType("application/problem+json");
    AdminCalls.admin(kck).contentType("text/plain").body("store_id=48").post("/admin/warm/store").then().statusCode(415);

    assertThat(queued()).isEqualTo(before);
    assertThat(cachedStores()).noneMatch(key -> List.of("store/41", "store/43", "store/44", "store/47").contains(key));
  }

  private static void problem(String body, String path, int status) {
    AdminCalls.admin(kck).contentType("application/json").body(body).post(path).then().statusCode(status)
        .contentType("application/problem+json").body("status", equalTo(status));
  }

  private static long queued() {
    return AdminCalls.admin(kck).get("/admin/queue").jsonPath().getLong("depth");
  }

  private static List<String> cachedStores() {
    return AdminCalls.admin(kck).get("/admin/keys?product=store&limit=1000").jsonPath().getList("keys.key");
  }
}
