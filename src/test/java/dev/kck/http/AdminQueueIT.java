package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import dev.kck.store.CacheStore;
import dev.kck.store.RefreshRequest;
import dev.kck.store.postgres.PostgresStore;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/queue}: the durable queue's depth, its oldest request's age and the live claims,
 * as the store has them. The test holds claims of its own through a second handle on the same
 * postgres store, so that a request stays claimed while it looks (the app's workers would finish
 * it at once).
 */
class AdminQueueIT {
  private static final String HOLDER = "test-holder";
  private static RunningApp kck;
  private static HikariDataSource storeDatabase;
  private static CacheStore store;

  @BeforeAll
  static void start() {
    String jdbcUrl = DemoDatabase.newCopy();
    kck = RunningApp.start(TestConfigs.demo(jdbcUrl, "postgres"));
    storeDatabase = new HikariDataSource();
    storeDatabase.setJdbcUrl(jdbcUrl);
    storeDatabase.setUsername("postgres");
    store = PostgresStore.open(storeDatabase);
  }

  @AfterAll
  static void stop() {
    kck.close();
    storeDatabase.close();
  }

  @Test
  void refuses_without_a_token_or_without_kck_admin() {
    AdminCalls.refuseWithoutTokenOrScope(kck, "GET", "/admin/queue");
  }

  @Test
  void shows_depth_oldest_age_and_claims_with_holder_and_lease_end() {
    store.queue().requestAll(List.of("store/1", "store/2"), 1);
    List<RefreshRequest> claimed = claimBoth();
    Instant claimedAt = Instant.now();
    try {
      JsonPath body = AdminCalls.admin(kck).get("/admin/queue").then().statusCode(200)
          .contentType("application/json").header("Cache-Control", "no-store").extract().jsonPath();

      assertThat(body.getLong("depth")).isEqualTo(2);
      assertThat(body.getLong("oldest_age_ms")).isBetween(0L, Duration.ofMinutes(1).toMillis());
      List<Map<String, Object>> claims = body.getList("claimed");
      assertThat(claims).extracting(claim -> claim.get("key")).containsExactlyInAnyOrder("store/1", "store/2");
      assertThat(claims).allSatisfy(claim -> {
        assertThat(claim).containsOnlyKeys("key", "holder", "lease_until").containsEntry("holder", HOLDER);
        assertThat(Instant.parse((String) claim.get("lease_until")))
            .isCloseTo(claimedAt.plus(Duration.ofMinutes(10)), within(30, ChronoUnit.SECONDS));
      });
    } finally {
      claimed.forEach(request -> store.queue().complete(request, HOLDER));
    }
    AdminCalls.admin(kck).get("/admin/queue").then().statusCode(200)
        .body("depth", org.hamcrest.Matchers.equalTo(0)).body("oldest_age_ms", org.hamcrest.Matchers.equalTo(0))
        .body("claimed", org.hamcrest.Matchers.empty());
  }

  /** Claims both requests before the app's workers do (they may take one first: it is then requested again). */
  private static List<RefreshRequest> claimBoth() {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<RefreshRequest> claimed = store.queue().claim(HOLDER, Duration.ofMinutes(10), 10);
      if (claimed.size() == 2) {
        return claimed;
      }
      claimed.forEach(request -> store.queue().complete(request, HOLDER));
      store.queue().requestAll(List.of("store/1", "store/2"), 1);
    }
    throw new AssertionError("the app's workers kept claiming first");
  }
}
