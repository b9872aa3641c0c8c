package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.kck.config.KckConfig;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/keys} and {@code GET /admin/keys/{key}} over HTTP, on each shared cache store
 * (one subclass per backend): paging that neither repeats nor skips while keys are added, one
 * key's freshness and dependencies both ways, and bad input refused as problem+json.
 */
abstract class AdminKeysContract {
  private static RunningApp kck;

  /** The demo products plus store_label (built from store/:store_id by depends_on). */
  static KckConfig withTestProducts(KckConfig config) {
    return TestConfigs.withProducts(config, TestConfigs.demoPlus("products-freshness"));
  }

  static void startApp(KckConfig config) {
    kck = RunningApp.start(config);
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void refuses_without_a_token_or_without_kck_admin() {
    AdminCalls.refuseWithoutTokenOrScope(kck, "GET", "/admin/keys?product=store");
    AdminCalls.refuseWithoutTokenOrScope(kck, "GET", "/admin/keys/store/1");
  }

  @Test
  void pages_walk_every_cached_key_once_while_keys_are_added() {
    List<String> cached = IntStream.rangeClosed(1, 25).mapToObj(id -> "store/" + id).toList();
    cached.forEach(key -> kck.request().get("/fetch/" + key).then().statusCode(200));
    int[] added = {26};

    List<String> seen = new ArrayList<>();
    String after = null;
    for (int page = 0; page < 50; page++) {
      JsonPath body = AdminCalls.admin(kck).get("/admin/keys?product=store&limit=4"
          + (after == null ? "" : "&after=" + after)).then().statusCode(200).extract().jsonPath();
      List<Map<String, Object>> keys = body.getList("keys");
      keys.forEach(entry -> {
        assertThat(entry).containsOnlyKeys("key", "version", "modified", "stale").containsEntry("stale", false);
        assertThat(((Number) entry.get("version")).longValue()).isPositive();
        assertThat(Instant.parse((String) entry.get("modified"))).isBefore(Instant.now().plusSeconds(1));
        seen.add((String) entry.get("key"));
      });
      after = body.getString("next");
      if (after == null) {
        break;
      }
      // Between pages, new keys arrive (some before the cursor in key order, some after).
      kck.request().get("/fetch/store/" + added[0]++).then().statusCode(200);
    }

    assertThat(after).as("the walk reached the last page").isNull();
    assertThat(seen).doesNotHaveDuplicates().containsAll(cached).allMatch(key -> key.startsWith("store/"));
  }

  @Test
  void a_key_shows_its_freshness_and_what_it_depends_on_both_ways() {
    kck.request().get("/fetch/store/3").then().statusCode(200);
    kck.request().get("/fetch/store_label/3").then().statusCode(200);

    JsonPath label = AdminCalls.admin(kck).get("/admin/keys/store_label/3").then().statusCode(200)
        .body("key", equalTo("store_label/3")).body("stale", equalTo(false))
        .body("fresh_until", nullValue()).body("expires", nullValue()).extract().jsonPath();
    assertThat(label.getList("depends_on")).containsExactly("store/3");
    assertThat(label.getList("dependents")).isEmpty();

    JsonPath store = AdminCalls.admin(kck).get("/admin/keys/store/3").then().statusCode(200)
        .header("Cache-Control", "no-store").extract().jsonPath();
    Instant modified = Instant.parse(store.getString("modified"));
    assertThat(store.getList("depends_on")).isEmpty();
    assertThat(store.getList("dependents")).containsExactly("store_label/3");
    assertThat(Instant.parse(store.getString("fresh_until"))).isEqualTo(modified.plus(Duration.ofMinutes(10)));
    assertThat(Instant.parse(store.getString("expires"))).isEqualTo(modified.plus(Duration.ofDays(1)));
    assertThat(store.getLong("version")).isPositive();
    assertThat(store.getString("computed_by")).isEqualTo(kck.app().instanceId());
    assertThat(store.getDouble("primer_ms")).isPositive();
  }

  @Test
  void a_key_that_is_not_cached_is_404() {
    AdminCalls.admin(kck).get("/admin/keys/store/44").then().statusCode(404)
        .contentType("application/problem+json").body("status", equalTo(404)).body("key", equalTo("store/44"));
    AdminCalls.admin(kck).get("/admin/keys/nosuch/1").then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void bad_product_limit_cursor_or_key_is_refused_as_a_problem() {
    problem("/admin/keys", 400);
    problem("/admin/keys?product=nosuch", 404);
    problem("/admin/keys?product=store&limit=0", 400);
    problem("/admin/keys?product=store&limit=1001", 400);
    problem("/admin/keys?product=store&limit=ten", 400);
    problem("/admin/keys?product=store&after=!!!", 400);
    String notUtf8 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe});
    problem("/admin/keys?product=store&after=" + notUtf8, 400);
    problem("/admin/keys/store/abc", 400);
    String valid = Base64.getUrlEncoder().withoutPadding().encodeToString("store/1".getBytes(StandardCharsets.UTF_8));
    AdminCalls.admin(kck).get("/admin/keys?product=store&limit=1000&after=" + valid).then().statusCode(200);
  }

  private static void problem(String path, int status) {
    AdminCalls.admin(kck).get(path).then().statusCode(status).contentType("application/problem+json")
        .body("status", equalTo(status));
  }
}
