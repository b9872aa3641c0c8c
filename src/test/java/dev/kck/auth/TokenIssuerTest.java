package dev.kck.auth;

import static dev.kck.auth.TestKeys.NOW;
import static dev.kck.auth.TestKeys.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenIssuerTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(NOW);
  private final TokenIssuer issuer = new TokenIssuer();

  @Test
  void issues_an_hs256_token_the_authenticator_accepts() {
    KckConfig.Auth auth = TestKeys.auth(List.of(TestKeys.hmacKey("dev", "HS256")));

    String token = issuer.issue(auth, "alice", List.of("library:read", "kck:admin"), Duration.ofHours(1), clock);

    try (Authenticator authenticator = new Authenticator(auth, clock)) {
      Principal principal = authenticator.authenticate(bearer(token));
      assertThat(principal.subject()).isEqualTo("alice");
      assertThat(principal.scopes()).containsExactlyInAnyOrder("library:read", "kck:admin");
      assertThat(principal.expiresAtEpochSecond()).isEqualTo(NOW.plus(Duration.ofHours(1)).getEpochSecond());
    }
  }

  @Test
  void sets_kid_iss_aud_sub_scope_iat_and_exp() {
    KckConfig.Auth auth = TestKeys.auth(List.of(TestKeys.hmacKey("dev", "HS256")));

    DecodedJWT jwt = JWT.decode(issuer.issue(auth, "alice", List.of("a b", "c"), Duration.ofMinutes(5), clock));

    assertThat(jwt.getKeyId()).isEqualTo("dev");
    assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
    assertThat(jwt.getIssuer()).isEqualTo("kck");
    assertThat(jwt.getAudience()).containsExactly("kck");
    assertThat(jwt.getSubject()).isEqualTo("alice");
    assertThat(jwt.getClaim("scope").asString()).isEqualTo("a b c");
    assertThat(jwt.getIssuedAtAsInstant()).isEqualTo(NOW);
    assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(NOW.plusSeconds(300));
  }

  @Test
  void signs_with_the_first_key_that_can_sign() {
    KckConfig.Auth auth = TestKeys.auth(List.of(
        TestKeys.publicKey(dir, "verify-only", "RS256", TestKeys.RSA),
        TestKeys.signingKey(dir, "ec", "ES384", TestKeys.EC384),
        TestKeys.hmacKey("dev", "HS256")));

    String token = issuer.issue(auth, "alice", List.of(), Duration.ofMinutes(5), clock);

    assertThat(JWT.decode(token).getKeyId()).isEqualTo("ec");
    assertThat(JWT.decode(token).getClaim("scope").isMissing()).isTrue();
    try (Authenticator authenticator = new Authenticator(auth, clock)) {
      assertThat(authenticator.authenticate(bearer(token)).subject()).isEqualTo("alice");
    }
  }

  @Test
  void round_trips_an_rs256_token_signed_with_a_private_key_file() {
    KckConfig.Auth auth = TestKeys.auth(List.of(TestKeys.signingKey(dir, "prod", "RS256", TestKeys.RSA)));

    String token = issuer.issue(auth, "svc", List.of("library:write"), Duration.ofMinutes(5), clock);

    try (Authenticator authenticator = new Authenticator(auth, clock)) {
      assertThat(authenticator.authenticate(bearer(token)).scopes()).containsExactly("library:write");
    }
  }

  @Test
  void issued_token_is_refused_once_expired() {
    KckConfig.Auth auth = TestKeys.auth(List.of(TestKeys.hmacKey("dev", "HS256")));
    String token = issuer.issue(auth, "alice", List.of(), Duration.ofMinutes(1), clock);
    clock.advance(Duration.ofMinutes(2));

    try (Authenticator authenticator = new Authenticator(auth, clock)) {
      assertThatThrownBy(() -> authenticator.authenticate(bearer(token))).isInstanceOf(KckException.Unauthorized.class);
    }
  }

  @Test
  void refuses_when_no_key_can_sign() {
    KckConfig.Auth auth = TestKeys.auth(List.of(TestKeys.publicKey(dir, "prod", "RS256", TestKeys.RSA)));

    assertThatThrownBy(() -> issuer.issue(auth, "alice", List.of(), Duration.ofMinutes(5), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no auth key can sign");
  }

  @Test
  void refuses_a_private_key_that_is_not_pkcs8() {
    Path pkcs1 = TestKeys.writePem(dir, "old.pem", "RSA PRIVATE KEY", new byte[] {1, 2, 3});
    KckConfig.JwtKey key = new KckConfig.JwtKey("old", "RS256", null, null, pkcs1);

    assertThatThrownBy(() -> issuer.issue(TestKeys.auth(List.of(key)), "alice", List.of(), Duration.ofMinutes(5), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'old'")
        .hasMessageContaining("openssl pkcs8 -topk8");
  }

  @Test
  void refuses_a_blank_subject_or_a_ttl_that_is_not_positive() {
    KckConfig.Auth auth = TestKeys.auth(List.of(TestKeys.hmacKey("dev", "HS256")));

    assertThatThrownBy(() -> issuer.issue(auth, " ", List.of(), Duration.ofMinutes(5), clock)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.issue(auth, "alice", List.of(), Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
  }
}
