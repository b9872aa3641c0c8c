package dev.kck.auth;

import static dev.kck.auth.TestKeys.NOW;
import static dev.kck.auth.TestKeys.bearer;
import static dev.kck.auth.TestKeys.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import dev.kck.kernel.KckException;
import dev.kck.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

  private final MutableClock clock = new MutableClock(NOW);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Authenticator authenticator =
      new Authenticator(TestKeys.auth(List.of(TestKeys.hmacKey("dev", "HS256"))), clock, registry);

  private double verifications() {
    return registry.counter(Authenticator.VERIFICATIONS_METER).count();
  }

  @Test
  void verifies_a_token_once_and_then_serves_it_from_the_cache() {
    String header = bearer(claims("dev").sign(TestKeys.hs256()));

    Principal first = authenticator.authenticate(header);
    Principal again = authenticator.authenticate(header);
    authenticator.authenticate(header);

    assertThat(again).isSameAs(first);
    assertThat(verifications()).isEqualTo(1);
  }

  @Test
  void verifies_each_distinct_token() {
    authenticator.authenticate(bearer(claims("dev").sign(TestKeys.hs256())));
    authenticator.authenticate(bearer(claims("dev").withSubject("bob").sign(TestKeys.hs256())));

    assertThat(verifications()).isEqualTo(2);
  }

  @Test
  void refuses_a_cached_token_once_past_exp_and_leeway() {
    String header = bearer(claims("dev").withExpiresAt(NOW.plusSeconds(60)).sign(TestKeys.hs256()));
    authenticator.authenticate(header);

    clock.advance(Duration.ofSeconds(60 + 30)); // exp + leeway: still good
    assertThat(authenticator.authenticate(header).subject()).isEqualTo("alice");

    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> authenticator.authenticate(header))
        .isInstanceOf(KckException.Unauthorized.class)
        .hasMessage(Rejection.EXPIRED.detail);
  }

  @Test
  void does_not_cache_a_refused_token() {
    String header = bearer(claims("dev").withNotBefore(NOW.plusSeconds(120)).sign(TestKeys.hs256()));
    assertThatThrownBy(() -> authenticator.authenticate(header)).isInstanceOf(KckException.Unauthorized.class);

    clock.advance(Duration.ofSeconds(120));

    assertThat(authenticator.authenticate(header).subject()).isEqualTo("alice");
    assertThat(verifications()).isEqualTo(2);
  }

  @Test
  void trusts_a_token_without_exp_for_five_minutes_then_verifies_it_again() {
    Authenticator authenticator = new Authenticator(
        TestKeys.expOptional(TestKeys.auth(List.of(TestKeys.hmacKey("dev", "HS256")))), clock, registry);
    String header = bearer(JWT.create().withKeyId("dev").withIssuer("kck").withAudience("kck").withSubject("svc")
        .sign(TestKeys.hs256()));

    Principal principal = authenticator.authenticate(header);
    clock.advance(VerifiedTokenCache.NO_EXP_TRUST);
    authenticator.authenticate(header);
    assertThat(verifications()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    authenticator.authenticate(header);
    assertThat(verifications()).isEqualTo(2);
    assertThat(principal.expiresAtEpochSecond()).isEqualTo(Long.MAX_VALUE);
  }
}
