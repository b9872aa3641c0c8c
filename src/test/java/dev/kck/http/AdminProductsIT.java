package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kck.testing.RunningApp;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/products}: every product with its cached keys (from the store) and this
 * instance's counters, read from the same meters {@code /metrics} exports.
 */
class AdminProductsIT {
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    kck = RunningApp.demo("postgres");
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void refuses_without_a_token_or_without_kck_admin() {
    AdminCalls.refuseWithoutTokenOrScope(kck, "GET", "/admin/products");
  }

  @Test
  void lists_every_product_with_keys_counters_and_primer_times() {
    kck.request().get("/fetch/store/1").then().statusCode(200);
    kck.request().get("/fetch/store/1").then().statusCode(200);
    kck.request().get("/fetch/store/2").then().statusCode(200);

    JsonPath body = AdminCalls.admin(kck).get("/admin/products").then().statusCode(200)
        .contentType("application/json").header("Cache-Control", "no-store").extract().jsonPath();

    assertThat(body.getList("products.name", String.class)).isSorted()
        .contains("store", "category_products", "sales_totals", "sales_summary");
    Map<String, Object> store = product(body, "store");
    assertThat(store).containsEntry("keys", 2).containsEntry("hits", 1).containsEntry("misses", 2)
        .containsEntry("stale_serves", 0).containsEntry("primer_runs", 2).containsEntry("primer_failures", 0)
        .containsEntry("augmentations", 0).containsEntry("last_refresh", null).containsEntry("next_refresh", null);
    assertThat(((Number) store.get("primer_p50_ms")).doubleValue()).isPositive();
    assertThat(((Number) store.get("primer_p99_ms")).doubleValue())
        .isGreaterThanOrEqualTo(((Number) store.get("primer_p50_ms")).doubleValue());
    assertThat(product(body, "category_products")).containsEntry("keys", 0).containsEntry("hits", 0)
        .containsEntry("primer_runs", 0).containsEntry("primer_p50_ms", null).containsEntry("primer_p99_ms", null);
  }

  @Test
  void the_counters_are_the_meters_metrics_exports() {
    kck.request().get("/fetch/city_store_ids/Berlin").then().statusCode(401); // refused: counts nothing
    kck.as("u", "").get("/fetch/city_store_ids/Berlin").then().statusCode(200);
    kck.as("u", "").get("/fetch/city_store_ids/Berlin").then().statusCode(200);

    Map<String, Object> row = product(AdminCalls.admin(kck).get("/admin/products").jsonPath(), "city_store_ids");
    String metrics = kck.request().get("/metrics").asString();

    assertThat(row).containsEntry("misses", 1).containsEntry("hits", 1);
    assertThat(metrics).contains("kck_cache_misses_total{product=\"city_store_ids\"} 1.0")
        .contains("kck_cache_hits_total{product=\"city_store_ids\",tier=\"l1\"} 1.0");
  }

  @Test
  void counts_augmentations_and_shows_the_next_scheduled_refresh() {
    kck.as("ops", "sales:read").get("/fetch/sales_totals").then().statusCode(200);
    kck.as("alice", "sales:write").contentType("application/json")
        .body("{\"store_id\": 1, \"product_id\": 1, \"customer\": \"alice\", \"quantity\": 1, \"amount\": 9.5}")
        .post("/update/record_sale").then().statusCode(200);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        product(AdminCalls.admin(kck).get("/admin/products").jsonPath(), "sales_totals")).containsEntry("augmentations", 1));
    Map<String, Object> row = product(AdminCalls.admin(kck).get("/admin/products").jsonPath(), "sales_totals");
    Instant next = Instant.parse((String) row.get("next_refresh"));
    assertThat(next).isBetween(Instant.now(), Instant.now().plus(Duration.ofMinutes(10)).plusSeconds(5));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> product(JsonPath body, String name) {
    List<Map<String, Object>> products = body.getList("products");
    return products.stream().filter(row -> row.get("name").equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + name + " in " + products));
  }
}
