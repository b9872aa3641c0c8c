package dev.kck.http;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.kck.config.KckConfig;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.MutableClock;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guards in front of the routes, over HTTP: the rate limit per token subject or client address
 * (429 with Retry-After, on a moved clock), and the admin routes with auth disabled (403 unless
 * auth.open_admin opens them).
 */
class CallerGuardsIT {

  private static KckConfig with(KckConfig.Auth auth, KckConfig.RateLimit rateLimit) {
    KckConfig demo = TestConfigs.demo(DemoDatabase.newCopy(), "memory");
    KckConfig.Server d = demo.server();
    KckConfig.Limits defaults = KckConfig.Limits.DEFAULTS;
    KckConfig.Server server = new KckConfig.Server(d.host(), 0, d.maxBody(), d.corsOrigins(), "",
        new KckConfig.Limits(defaults.idleTimeout(), defaults.minRequestRate(), defaults.maxHeaderSize(),
            defaults.maxUpdateCalls(), rateLimit));
    return new KckConfig(server, auth, demo.source(), demo.cache(), demo.products(), demo.updaters(), demo.plugins(),
        demo.refresh());
  }

  private static KckConfig.Auth disabled(boolean openAdmin) {
    KckConfig.Auth auth = TestConfigs.auth();
    return new KckConfig.Auth(false, auth.issuer(), auth.audience(), auth.leeway(), auth.scopeClaim(), auth.keys(),
        auth.jwksUrl(), true, Duration.ZERO, false, openAdmin);
  }

  @Test
  void over_the_rate_a_caller_gets_429_with_retry_after_and_others_are_not_held_back() {
    MutableClock clock = new MutableClock(java.time.Instant.now());
    try (RunningApp kck = RunningApp.start(with(TestConfigs.auth(), new KckConfig.RateLimit(1, 2)), clock)) {
      kck.as("alice", "").get("/fetch/store/1").then().statusCode(200);
      kck.as("alice", "").get("/fetch/store/2").then().statusCode(200);
      kck.as("alice", "").get("/fetch/store/3").then()
          .statusCode(429).contentType("application/problem+json").header("Retry-After", "1")
          .body("status", equalTo(429)).body("detail", containsString("rate limit"));

      kck.as("bob", "").get("/fetch/store/1").then().statusCode(200);
      kck.request().get("/fetch/store/1").then().statusCode(200); // anonymous: by address
      for (int i = 0; i < 5; i++) {
        kck.request().get("/health/live").then().statusCode(200);
      }

      clock.advance(Duration.ofSeconds(1));
      kck.as("alice", "").get("/fetch/store/3").then().statusCode(200);
    }
  }

  @Test
  void with_auth_disabled_the_admin_routes_are_closed() {
    try (RunningApp kck = RunningApp.start(with(disabled(false), KckConfig.RateLimit.OFF))) {
      for (var response : List.of(kck.request().delete("/cache/store/1"), kck.request().post("/refresh/store/1"),
          kck.request().get("/admin"), kck.request().get("/admin/products"))) {
        response.then().statusCode(403).contentType("application/problem+json")
            .body("detail", containsString("auth.open_admin"));
      }
      kck.request().get("/fetch/store_daily_sales/1/2025-03-14").then().statusCode(200); // the rest is public
    }
  }

  @Test
  void with_auth_disabled_open_admin_opens_them() {
    try (RunningApp kck = RunningApp.start(with(disabled(true), KckConfig.RateLimit.OFF))) {
      kck.request().delete("/cache/store/1").then().statusCode(204);
      kck.request().post("/refresh/store/1").then().statusCode(202);
    }
  }
}
