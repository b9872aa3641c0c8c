package dev.kck.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kck.config.KckConfig;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.MutableClock;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JWKS host that stalls after its headers, or answers over 1 MB, delays no request by more than
 * about a second (tokens with known keys not at all), and a key rotated in while it was broken works
 * once it recovers. Over HTTP against the real app, on a moved clock (fetches start at most every 30 s).
 */
class JwksOutageIT {
  private static final String PATH = "/fetch/product_price/1"; // any authenticated caller
  private static final long ABOUT_A_SECOND_MS = 1_800;
  private static final KeyPair FIRST = TestKeys.RSA;

  private static JwksServer jwks;
  private static MutableClock clock;
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    jwks = new JwksServer();
    jwks.serve(null, JwksServer.rsaJwk("r1", "RS256", FIRST));
    clock = new MutableClock(TestKeys.NOW);
    KckConfig demo = TestConfigs.demo(DemoDatabase.newCopy(), "memory");
    KckConfig.Auth auth = TestKeys.withJwks(TestKeys.auth(List.of()), jwks.url());
    kck = RunningApp.start(new KckConfig(demo.server(), auth, demo.source(), demo.cache(), demo.products(),
        demo.updaters(), demo.plugins(), demo.refresh()), clock);
    assertKnownKeyServedAtOnce(); // also warms the HTTP client up, so that timings below are the server's
  }

  @AfterAll
  static void stop() {
    kck.close();
    jwks.close();
  }

  @BeforeEach
  void aFetchIsAllowedAgain() {
    clock.advance(JwksKeySource.MIN_FETCH_INTERVAL.plusSeconds(1));
  }

  @Test
  void a_jwks_that_stalls_after_its_headers_delays_unknown_kids_about_a_second_and_rotation_works_after() throws Exception {
    KeyPair rotated = TestKeys.generate("RSA", null);
    jwks.stallAfterHeaders();
    int before = jwks.requests();

    List<Long> unknownKid = concurrently(20, () -> status(token("r2", rotated)));

    assertThat(unknownKid).allSatisfy(millis -> assertThat(millis).isLessThan(ABOUT_A_SECOND_MS));
    assertThat(jwks.requests() - before).as("concurrent unknown kids share one fetch").isEqualTo(1);
    assertKnownKeyServedAtOnce();

    recoversWithRotatedKey("r2", rotated);
  }

  @Test
  void a_jwks_over_one_megabyte_is_refused_and_rotation_works_after() throws Exception {
    KeyPair rotated = TestKeys.generate("RSA", null);
    jwks.serve(null, JwksServer.rsaJwk("r1", "RS256", FIRST), JwksServer.rsaJwk("r3", "RS256", rotated));
    jwks.serveOversized();

    List<Long> unknownKid = concurrently(5, () -> status(token("r3", rotated)));

    assertThat(unknownKid).allSatisfy(millis -> assertThat(millis).isLessThan(ABOUT_A_SECOND_MS));
    assertKnownKeyServedAtOnce();

    recoversWithRotatedKey("r3", rotated);
  }

  private void recoversWithRotatedKey(String kid, KeyPair rotated) {
    jwks.serve(null, JwksServer.rsaJwk("r1", "RS256", FIRST), JwksServer.rsaJwk(kid, "RS256", rotated));
    // The broken fetch may still be ending (a stalled one is abandoned at its deadline): retry past it.
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      clock.advance(JwksKeySource.MIN_FETCH_INTERVAL.plusSeconds(1));
      kck.request().header("Authorization", "Bearer " + token(kid, rotated)).get(PATH).then().statusCode(200);
    });
  }

  private static void assertKnownKeyServedAtOnce() {
    kck.request().get("/health/live").then().statusCode(200);
    long started = System.nanoTime();
    kck.request().header("Authorization", "Bearer " + token("r1", FIRST)).get(PATH).then().statusCode(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis()).isLessThan(ABOUT_A_SECOND_MS);
  }

  /** Each call asserts a 401 problem and returns how long it took, in milliseconds. */
  private static List<Long> concurrently(int callers, Runnable call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          long started = System.nanoTime();
          call.run();
          return Duration.ofNanos(System.nanoTime() - started).toMillis();
        }));
      }
      List<Long> millis = new ArrayList<>();
      for (Future<Long> result : results) {
        millis.add(result.get());
      }
      return millis;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void status(String token) {
    kck.request().header("Authorization", "Bearer " + token).get(PATH).then()
        .statusCode(401).contentType("application/problem+json");
  }

  private static String token(String kid, KeyPair pair) {
    return TestKeys.claims(kid).sign(TestKeys.rs256(pair));
  }
}
