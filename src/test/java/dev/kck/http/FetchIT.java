package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.kck.testing.RunningApp;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo products over HTTP, with real JWTs, against a real PostgreSQL (source and cache store). */
class FetchIT {
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
  void serves_an_object_product_publicly_with_entry_and_cache_headers() {
    kck.request().get("/fetch/store/3").then()
        .statusCode(200)
        .contentType("application/json")
        .header("ETag", startsWith("\""))
        .header("Cache-Control", startsWith("public, max-age="))
        .header("Last-Modified", startsWith(""))
        .header("Age", "0")
        .body("key", equalTo("store/3"))
        .body("value.id", equalTo(3))
        .body("value.city", equalTo("Copenhagen"))
        .body("stale", equalTo(false));
  }

  @Test
  void answers_404_for_an_object_product_with_no_row() {
    kck.request().get("/fetch/store/999").then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
  }

  @Test
  void serves_a_list_product() {
    kck.request().get("/fetch/category_products/Books").then()
        .statusCode(200)
        .body("value", hasSize(63))
        .body("value[0].sku", startsWith("BOO-"));
  }

  @Test
  void serves_a_value_product_and_a_values_product() {
    kck.as("bob", "").get("/fetch/product_price/1").then()
        .statusCode(200)
        .body("value", org.hamcrest.Matchers.notNullValue());
    kck.as("bob", "").get("/fetch/city_store_ids/Berlin").then()
        .statusCode(200)
        .body("value", equalTo(java.util.List.of(2, 12, 22, 32, 42)));
  }

  @Test
  void query_form_and_percent_encoded_segments_reach_the_same_key() {
    String byPath = kck.request().get("/fetch/category_products/Toys").then().statusCode(200).extract().header("ETag");
    String byQuery = kck.request().queryParam("key", "category_products%2FToys").get("/fetch").then()
        .statusCode(200).body("key", equalTo("category_products/Toys")).extract().header("ETag");
    assertThat(byQuery).isEqualTo(byPath);
  }

  @Test
  void the_slow_aggregate_is_served_from_cache_the_second_time_with_the_same_etag() {
    Response first = kck.as("carol", "sales:read").get("/fetch/sales_summary");
    first.then().statusCode(200).body("value", hasSize(50));
    Response second = kck.as("carol", "sales:read").get("/fetch/sales_summary");
    second.then().statusCode(200).header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
    assertThat(second.header("ETag")).isEqualTo(first.header("ETag"));
    assertThat(second.asByteArray()).isEqualTo(first.asByteArray());

    Response notModified = kck.as("carol", "sales:read").header("If-None-Match", first.header("ETag"))
        .get("/fetch/sales_summary");
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.asByteArray()).isEmpty();
    assertThat(notModified.header("ETag")).isEqualTo(first.header("ETag"));
  }

  @Test
  void if_none_match_follows_rfc_9110_weak_comparison_lists_and_star() {
    String etag = kck.request().get("/fetch/store/4").then().statusCode(200).extract().header("ETag");
    kck.request().header("If-None-Match", "\"nope\", W/" + etag).get("/fetch/store/4").then().statusCode(304);
    kck.request().header("If-None-Match", "*").get("/fetch/store/4").then().statusCode(304);
    kck.request().header("If-None-Match", "\"nope\"").get("/fetch/store/4").then().statusCode(200);
  }

  @Test
  void first_fetch_is_a_miss_then_a_hit() {
    kck.request().get("/fetch/store/7").then().statusCode(200).header("Cache-Status", matchesPattern("kck; fwd=miss; ttl=\\d+"));
    kck.request().get("/fetch/store/7").then().statusCode(200).header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
  }

  @Test
  void a_claim_bound_product_serves_the_token_subject() {
    kck.as("alice", "").get("/fetch/my_purchases/alice").then()
        .statusCode(200)
        .header("Cache-Control", startsWith("private, max-age="))
        .body("value", hasSize(20));
  }

  @Test
  void batch_fetch_answers_in_request_order_with_per_key_errors() {
    kck.as("dave", "sales:read").contentType("application/json")
        .body("{\"keys\": [\"store/1\", \"store/999\", \"nope/1\", \"store_daily_sales/1/2025-03-14\"]}")
        .post("/fetch").then()
        .statusCode(200)
        .body("results", hasSize(4))
        .body("results[0].key", equalTo("store/1"))
        .body("results[1].key", equalTo("store/999"))
        .body("results[1].error.status", equalTo(404))
        .body("results[2].error.status", equalTo(404))
        .body("results[3].value.store_id", equalTo(1));
  }

  @Test
  void products_lists_what_the_caller_may_fetch() {
    kck.request().get("/products").then().statusCode(200)
        .body("products.name", equalTo(java.util.List.of("category_products", "store")));
    kck.as("erin", "sales:read").get("/products").then().statusCode(200)
        .body("products", hasSize(8))
        .body("products.find { it.name == 'store_daily_sales' }.key", equalTo("store_daily_sales/{store_id}/{day}"))
        .body("products.find { it.name == 'sales_summary' }.access.scopes", equalTo(java.util.List.of("sales:read")));
  }

  @Test
  void health_and_metrics_are_public() {
    kck.request().get("/health/live").then().statusCode(200).body("status", equalTo("up"));
    kck.request().get("/health/ready").then().statusCode(200)
        .body("checks.source", equalTo("up"))
        .body("checks.cache_store", equalTo("up"));
    kck.request().get("/fetch/store/5").then().statusCode(200);
    String metrics = kck.request().get("/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("kck_cache_hits_total", "kck_cache_misses_total", "kck_primer_runs_seconds_count",
        "kck_l1_bytes", "kck_http_requests_seconds_count", "kck_cache_stale_total");
  }

  @Test
  void every_connection_pool_reports_its_connections() {
    String metrics = kck.request().get("/metrics").then().statusCode(200).extract().asString();
    for (String pool : List.of("kck-source", "kck-health", "kck-notices", "kck-change-feed")) {
      assertThat(metrics).as(pool).contains("hikaricp_connections{pool=\"" + pool + "\"",
          "hikaricp_connections_active{pool=\"" + pool + "\"", "hikaricp_connections_max{pool=\"" + pool + "\"");
    }
  }

  @Test
  void openapi_document_is_served() {
    kck.request().get("/openapi.json").then().statusCode(200).body("openapi", startsWith("3.1"));
  }

  @Test
  void cors_allows_configured_origins_only() {
    kck.request().header("Origin", "http://localhost:5173").get("/fetch/store/1").then()
        .statusCode(200).header("Access-Control-Allow-Origin", "http://localhost:5173");
    kck.request().header("Origin", "http://evil.example").get("/fetch/store/1").then()
        .statusCode(200).header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
  }
}
