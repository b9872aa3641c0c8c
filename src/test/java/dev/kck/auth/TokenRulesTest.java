package dev.kck.auth;

import static dev.kck.auth.TestKeys.NOW;
import static dev.kck.auth.TestKeys.bearer;
import static dev.kck.auth.TestKeys.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 8725 over the Authenticator: exp, lifetime, crit and typ, on an injected clock. */
class TokenRulesTest {

  private final MutableClock clock = new MutableClock(NOW);
  private final KckConfig.Auth strict = TestKeys.auth(List.of(TestKeys.hmacKey("dev", "HS256")));

  private Authenticator with(KckConfig.Auth auth) {
    return new Authenticator(auth, clock, new SimpleMeterRegistry());
  }

  private static JWTCreator.Builder withoutExp() {
    return JWT.create().withKeyId("dev").withIssuer("kck").withAudience("kck").withSubject("svc").withIssuedAt(NOW);
  }

  private static void refused(Authenticator authenticator, String token, Rejection rejection) {
    assertThatThrownBy(() -> authenticator.authenticate(bearer(token)))
        .isInstanceOf(KckException.Unauthorized.class)
        .hasMessage(rejection.detail);
  }

  @Test
  void refuses_a_token_without_exp_by_default() {
    refused(with(strict), withoutExp().sign(TestKeys.hs256()), Rejection.NO_EXPIRY);
  }

  @Test
  void accepts_a_token_without_exp_when_require_exp_is_false() {
    assertThat(with(TestKeys.expOptional(strict)).authenticate(bearer(withoutExp().sign(TestKeys.hs256()))).subject())
        .isEqualTo("svc");
  }

  @Test
  void a_maximum_lifetime_refuses_longer_tokens_and_tokens_without_exp() {
    Authenticator authenticator = with(TestKeys.expOptional(strict, Duration.ofHours(1)));

    assertThat(authenticator.authenticate(bearer(claims("dev").sign(TestKeys.hs256()))).subject()).isEqualTo("alice");
    refused(authenticator, claims("dev").withExpiresAt(NOW.plus(Duration.ofHours(2))).sign(TestKeys.hs256()),
        Rejection.LIFETIME);
    refused(authenticator, withoutExp().sign(TestKeys.hs256()), Rejection.NO_EXPIRY);
  }

  @Test
  void without_iat_the_lifetime_counts_from_now() {
    Authenticator authenticator = with(TestKeys.expOptional(strict, Duration.ofHours(1)));
    String twoHours = JWT.create().withKeyId("dev").withIssuer("kck").withAudience("kck").withSubject("svc")
        .withExpiresAt(NOW.plus(Duration.ofHours(2))).sign(TestKeys.hs256());

    refused(authenticator, twoHours, Rejection.LIFETIME);
    clock.advance(Duration.ofMinutes(61));
    assertThat(authenticator.authenticate(bearer(twoHours)).subject()).isEqualTo("svc");
  }

  @Test
  void refuses_any_crit_header() {
    refused(with(strict), claims("dev").withHeader(Map.of("crit", List.of("exp"))).sign(TestKeys.hs256()), Rejection.CRITICAL);
    refused(with(strict), claims("dev").withHeader(Map.of("crit", List.of("x-unknown"), "x-unknown", 1))
        .sign(TestKeys.hs256()), Rejection.CRITICAL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "jwt", "at+jwt", "AT+JWT", "application/jwt", "application/at+jwt"})
  void accepts_a_jwt_typ(String typ) {
    assertThat(with(strict).authenticate(bearer(claims("dev").withHeader(Map.of("typ", typ)).sign(TestKeys.hs256())))
        .subject()).isEqualTo("alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWE", "dpop+jwt", "logout+jwt", "secevent+jwt", "application/json", ""})
  void refuses_another_typ(String typ) {
    refused(with(strict), claims("dev").withHeader(Map.of("typ", typ)).sign(TestKeys.hs256()), Rejection.TYPE);
  }

  @Test
  void refuses_a_typ_that_is_not_a_string() {
    refused(with(strict), claims("dev").withHeader(Map.of("typ", 1)).sign(TestKeys.hs256()), Rejection.TYPE);
  }
}
