package dev.kck.http;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.kck.testing.DemoDatabase;
import io.restassured.response.ValidatableResponse;
import dev.kck.testing.MutableClock;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The freshness policies over HTTP, on a real app whose clock the test moves (the memory store
 * follows the same clock, so entries expire with it): fresh_for serves the stale value flagged and
 * refreshes it behind, ttl never serves a dead value, stale_if_error serves the last value while
 * the primer fails and stops at the end of its window. The primers divide by {@code
 * policy_source.value}: setting it to 0 makes them fail.
 */
class FreshnessPoliciesIT {
  private static String jdbcUrl;
  private static MutableClock clock;
  private static RunningApp app;

  @BeforeAll
  static void start() throws SQLException {
    jdbcUrl = DemoDatabase.newCopy();
    sql("create table policy_source (id int primary key, value int); insert into policy_source values (1, 4)");
    clock = MutableClock.atFixedStart();
    app = RunningApp.start(TestConfigs.withProducts(TestConfigs.demo(jdbcUrl, "memory"),
        TestConfigs.demoPlus("products-policies")), clock);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @BeforeEach
  void resetSource() throws SQLException {
    sql("update policy_source set value = 4 where id = 1");
  }

  @Test
  void fresh_for_serves_the_stale_value_flagged_then_the_refreshed_one() throws SQLException {
    fetch("fresh_quote").header("Cache-Status", "kck; fwd=miss; ttl=60").body("value", equalTo(25));
    sql("update policy_source set value = 5 where id = 1");
    clock.advance(Duration.ofSeconds(61));

    fetch("fresh_quote").header("Cache-Status", "kck; hit; fwd=stale; ttl=-1").header("Cache-Control", "public, max-age=0")
        .body("value", equalTo(25)).body("stale", equalTo(true));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        fetch("fresh_quote").header("Cache-Status", "kck; hit; ttl=60").body("value", equalTo(20)).body("stale", equalTo(false)));
  }

  @Test
  void ttl_recomputes_a_dead_value_instead_of_serving_it() throws SQLException {
    fetch("ttl_quote").body("value", equalTo(25));
    sql("update policy_source set value = 2 where id = 1");

    clock.advance(Duration.ofSeconds(59));
    fetch("ttl_quote").header("Cache-Status", "kck; hit; ttl=1").body("value", equalTo(25));
    clock.advance(Duration.ofSeconds(1));
    fetch("ttl_quote").header("Cache-Status", "kck; fwd=miss; ttl=60").body("value", equalTo(50));
  }

  @Test
  void stale_if_error_serves_the_last_value_while_the_primer_fails_until_its_window_ends() throws SQLException {
    fetch("fallback_quote").body("value", equalTo(25));
    sql("update policy_source set value = 0 where id = 1");

    clock.advance(Duration.ofMinutes(2));
    fetch("fallback_quote").header("Cache-Status", "kck; hit; fwd=stale; ttl=-60").body("value", equalTo(25))
        .body("stale", equalTo(true));

    clock.advance(Duration.ofMinutes(9));
    app.request().get("/fetch/fallback_quote").then().statusCode(500)
        .contentType("application/problem+json").body("status", equalTo(500));
  }

  @Test
  void the_time_headers_of_hits_turn_exactly_where_their_whole_seconds_do() {
    fetch("clock_quote").header("Cache-Status", "kck; fwd=miss; ttl=60");
    hit(0, 60);
    clock.advance(Duration.ofMillis(1500));
    hit(1, 58); // 58.5 s of freshness left: whole seconds, floored
    clock.advance(Duration.ofMillis(499));
    hit(1, 58);
    clock.advance(Duration.ofMillis(1));
    hit(2, 58); // exactly 58 s left
    clock.advance(Duration.ofNanos(1));
    hit(2, 57);
    clock.advance(Duration.ofSeconds(1).minusNanos(1)); // the other tests expect whole seconds
  }

  private static void hit(long age, long secondsLeft) {
    fetch("clock_quote").header("Age", Long.toString(age))
        .header("Cache-Control", "public, max-age=" + secondsLeft)
        .header("Cache-Status", "kck; hit; ttl=" + secondsLeft);
  }

  private static ValidatableResponse fetch(String key) {
    return app.request().get("/fetch/" + key).then().statusCode(200);
  }

  private static void sql(String statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(statements);
    }
  }
}
