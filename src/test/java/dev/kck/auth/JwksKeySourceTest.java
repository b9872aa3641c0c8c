package dev.kck.auth;

import static dev.kck.auth.TestKeys.NOW;
import static dev.kck.auth.TestKeys.bearer;
import static dev.kck.auth.TestKeys.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JwksKeySourceTest {

  private static final KeyPair ROTATED = TestKeys.generate("RSA", null);

  private final JwksServer server = new JwksServer();
  private final MutableClock clock = new MutableClock(NOW);
  private final KckConfig.Auth auth = TestKeys.withJwks(TestKeys.auth(List.of()), server.url());

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** Fetches run on the calling thread, so each step is deterministic. */
  private JwksKeySource startedSource() {
    JwksKeySource source = new JwksKeySource(URI.create(server.url()), auth, clock, Runnable::run, Duration.ofSeconds(5));
    source.start();
    return source;
  }

  @Test
  void verifies_rsa_and_ec_tokens_with_keys_from_the_jwks() {
    server.serve(null, JwksServer.rsaJwk("r1", "RS256", TestKeys.RSA), JwksServer.ecJwk("e1", "P-256", TestKeys.EC256));

    try (Authenticator authenticator = new Authenticator(auth, clock, new SimpleMeterRegistry())) {
      assertThat(authenticator.authenticate(bearer(claims("r1").sign(TestKeys.rs256(TestKeys.RSA)))).subject()).isEqualTo("alice");
      assertThat(authenticator.authenticate(bearer(claims("e1").sign(TestKeys.es("ES256", TestKeys.EC256)))).subject()).isEqualTo("alice");
      assertThat(authenticator.authenticate(bearer(claims(null).sign(TestKeys.rs256(TestKeys.RSA)))).subject()).isEqualTo("alice");
    }
  }

  @Test
  void refuses_a_token_whose_alg_differs_from_the_jwks_key() {
    server.serve(null, JwksServer.rsaJwk("r1", "RS256", TestKeys.RSA));

    try (Authenticator authenticator = new Authenticator(auth, clock, new SimpleMeterRegistry())) {
      String confused = claims("r1").sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(JwksServer.rsaJwk("r1", "RS256", TestKeys.RSA)));
      assertThatThrownBy(() -> authenticator.authenticate(bearer(confused)))
          .isInstanceOf(KckException.Unauthorized.class)
          .hasMessage(Rejection.ALGORITHM.detail);
    }
  }

  @Test
  void fetches_again_for_an_unknown_kid_at_most_once_per_30_seconds() {
    server.serve(null, JwksServer.rsaJwk("r1", "RS256", TestKeys.RSA));
    JwksKeySource source = startedSource();
    server.serve(null, JwksServer.rsaJwk("r1", "RS256", TestKeys.RSA), JwksServer.rsaJwk("r2", "RS256", ROTATED));

    assertThat(source.byKid("r2")).isEmpty(); // the start fetch was under 30 s ago
    assertThat(source.byKid("forged")).isEmpty();
    assertThat(server.requests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30));
    assertThat(source.byKid("r2")).get().extracting(VerificationKey::alg).isEqualTo("RS256");
    assertThat(source.byKid("forged")).isEmpty();
    assertThat(source.byKid("forged-again")).isEmpty();
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void refreshes_ahead_of_max_age() {
    server.serve("public, max-age=120", JwksServer.rsaJwk("r1", "RS256", TestKeys.RSA));
    JwksKeySource source = startedSource();
    server.serve("max-age=120", JwksServer.rsaJwk("r2", "RS256", ROTATED));

    clock.advance(Duration.ofSeconds(89));
    assertThat(source.all()).extracting(VerificationKey::kid).containsExactly("r1");
    assertThat(server.requests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1)); // three quarters of 120 s
    source.all(); // answers at once and starts the refresh
    assertThat(server.requests()).isEqualTo(2);
    assertThat(source.all()).extracting(VerificationKey::kid).containsExactly("r2");
  }

  @Test
  void refreshes_after_ten_minutes_without_cache_control() {
    server.serve(null, JwksServer.rsaJwk("r1", "RS256", TestKeys.RSA));
    JwksKeySource source = startedSource();

    clock.advance(Duration.ofMinutes(7));
    source.all();
    assertThat(server.requests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30));
    source.all();
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void keeps_known_keys_while_the_jwks_is_down() {
    server.serve("max-age=60", JwksServer.rsaJwk("r1", "RS256", TestKeys.RSA));
    JwksKeySource source = startedSource();
    server.fail(503);

    clock.advance(Duration.ofMinutes(30));
    source.all();
    source.byKid("unknown");

    assertThat(server.requests()).isEqualTo(2);
    assertThat(source.byKid("r1")).isPresent();
  }

  @Test
  void keeps_known_keys_when_the_jwks_has_no_usable_key() {
    server.serve("max-age=60", JwksServer.rsaJwk("r1", "RS256", TestKeys.RSA));
    JwksKeySource source = startedSource();
    server.serve("max-age=60", "{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"}");

    clock.advance(Duration.ofMinutes(5));
    source.all();

    assertThat(server.requests()).isEqualTo(2);
    assertThat(source.byKid("r1")).isPresent();
  }

  @Test
  void survives_a_jwks_that_is_unreachable_at_start() {
    server.close();
    JwksKeySource source = startedSource();

    assertThat(source.all()).isEmpty();
    assertThat(source.byKid("r1")).isEmpty();
  }

  @Test
  void skips_symmetric_encryption_and_unsupported_keys() {
    server.serve(null,
        "{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"}",
        JwksServer.rsaJwk("enc", "RSA-OAEP", TestKeys.RSA).replace("\"use\":\"sig\"", "\"use\":\"enc\""),
        JwksServer.rsaJwk("ps", "PS256", TestKeys.RSA),
        JwksServer.rsaJwk("hs", "HS256", TestKeys.RSA),
        JwksServer.rsaJwk("ok", null, TestKeys.RSA),
        JwksServer.ecJwk("ec", "P-384", TestKeys.EC384));
    JwksKeySource source = startedSource();

    assertThat(source.all()).extracting(VerificationKey::kid, VerificationKey::alg)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ok", "RS256"), org.assertj.core.groups.Tuple.tuple("ec", "ES384"));
  }

  @Test
  void takes_https_only_and_plain_http_on_this_machine_only() {
    assertThatThrownBy(() -> new JwksKeySource(URI.create("http://issuer.example.com/jwks"), auth, clock, Runnable::run,
        Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    new JwksKeySource(URI.create("https://issuer.example.com/jwks"), auth, clock, Runnable::run, Duration.ofSeconds(5));
    new JwksKeySource(URI.create("http://localhost:1/jwks"), auth, clock, Runnable::run, Duration.ofSeconds(5));
  }
}
