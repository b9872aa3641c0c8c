package dev.kck.auth;

import static dev.kck.auth.TestKeys.NOW;
import static dev.kck.auth.TestKeys.bearer;
import static dev.kck.auth.TestKeys.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.algorithms.Algorithm;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticatorVerificationTest {

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(NOW);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Authenticator authenticator;

  @BeforeEach
  void setUp() {
    authenticator = authenticatorWith(List.of(
        TestKeys.hmacKey("dev", "HS256"),
        TestKeys.publicKey(dir, "prod", "RS256", TestKeys.RSA),
        TestKeys.publicKey(dir, "ec", "ES256", TestKeys.EC256)));
  }

  @AfterEach
  void tearDown() {
    authenticator.close();
  }

  private Authenticator authenticatorWith(List<KckConfig.JwtKey> keys) {
    return new Authenticator(TestKeys.auth(keys), clock, registry);
  }

  private void assertRefused(String token, Rejection rejection) {
    assertThatThrownBy(() -> authenticator.authenticate(bearer(token)))
        .isInstanceOf(KckException.Unauthorized.class)
        .hasMessage(rejection.detail)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS256", "HS384", "HS512"})
  void accepts_an_hmac_token_for_its_alg(String alg) {
    Algorithm algorithm = switch (alg) {
      case "HS256" -> Algorithm.HMAC256(TestKeys.SECRET);
      case "HS384" -> Algorithm.HMAC384(TestKeys.SECRET);
      default -> Algorithm.HMAC512(TestKeys.SECRET);
    };
    authenticator = authenticatorWith(List.of(TestKeys.hmacKey("k", alg)));

    Principal principal = authenticator.authenticate(bearer(claims("k").sign(algorithm)));

    assertThat(principal.subject()).isEqualTo("alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "RS384", "RS512"})
  void accepts_an_rsa_token_for_its_alg(String alg) {
    authenticator = authenticatorWith(List.of(TestKeys.publicKey(dir, "rsa", alg, TestKeys.RSA)));
    Algorithm algorithm = switch (alg) {
      case "RS256" -> TestKeys.rs256(TestKeys.RSA);
      case "RS384" -> Algorithm.RSA384(null, (java.security.interfaces.RSAPrivateKey) TestKeys.RSA.getPrivate());
      default -> Algorithm.RSA512(null, (java.security.interfaces.RSAPrivateKey) TestKeys.RSA.getPrivate());
    };

    assertThat(authenticator.authenticate(bearer(claims("rsa").sign(algorithm))).subject()).isEqualTo("alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "ES384", "ES512"})
  void accepts_an_ecdsa_token_for_its_alg(String alg) {
    KeyPair pair = switch (alg) {
      case "ES256" -> TestKeys.EC256;
      case "ES384" -> TestKeys.EC384;
      default -> TestKeys.EC521;
    };
    authenticator = authenticatorWith(List.of(TestKeys.publicKey(dir, "ec", alg, pair)));

    assertThat(authenticator.authenticate(bearer(claims("ec").sign(TestKeys.es(alg, pair)))).subject()).isEqualTo("alice");
  }

  @Test
  void accepts_a_token_signed_by_the_key_of_an_x509_certificate() throws Exception {
    Path certificate = Path.of(getClass().getResource("/auth/rsa-cert.pem").toURI());
    Path privateKey = Path.of(getClass().getResource("/auth/rsa-cert.key.pem").toURI());
    authenticator = authenticatorWith(List.of(new KckConfig.JwtKey("cert", "RS256", null, certificate, privateKey)));
    String token = new TokenIssuer().issue(TestKeys.auth(List.of(new KckConfig.JwtKey("cert", "RS256", null, certificate, privateKey))),
        "alice", List.of(), java.time.Duration.ofMinutes(5), clock);

    assertThat(authenticator.authenticate(bearer(token)).subject()).isEqualTo("alice");
  }

  @Test
  void tries_each_key_of_the_tokens_alg_when_it_has_no_kid() {
    String token = claims(null).sign(TestKeys.rs256(TestKeys.RSA));

    assertThat(authenticator.authenticate(bearer(token)).subject()).isEqualTo("alice");
  }

  @Test
  void returns_subject_scopes_claims_and_expiry() {
    String token = claims("dev").withClaim("tenant", "north").withClaim("level", 3).withNullClaim("gone").sign(TestKeys.hs256());

    Principal principal = authenticator.authenticate(bearer(token));

    assertThat(principal.isAnonymous()).isFalse();
    assertThat(principal.scopes()).containsExactly("library:read");
    assertThat(principal.claims()).containsEntry("tenant", "north").containsEntry("level", 3).doesNotContainKey("gone");
    assertThat(principal.claims().get("aud")).isIn("kck", List.of("kck"));
    assertThat(principal.expiresAtEpochSecond()).isEqualTo(NOW.plusSeconds(3600).getEpochSecond());
  }

  @Test
  void reads_scopes_from_a_space_separated_string() {
    String token = claims("dev").withClaim("scope", " library:read  library:write ").sign(TestKeys.hs256());

    assertThat(authenticator.authenticate(bearer(token)).scopes()).containsExactlyInAnyOrder("library:read", "library:write");
  }

  @Test
  void reads_scopes_from_an_array_of_strings() {
    String token = claims("dev").withArrayClaim("scope", new String[] {"library:read", "kck:admin"}).sign(TestKeys.hs256());

    assertThat(authenticator.authenticate(bearer(token)).scopes()).containsExactlyInAnyOrder("library:read", "kck:admin");
  }

  @Test
  void reads_scopes_from_the_configured_claim() {
    KckConfig.Auth auth = new KckConfig.Auth(true, "kck", "kck", java.time.Duration.ZERO, "permissions",
        List.of(TestKeys.hmacKey("dev", "HS256")), "");
    authenticator = new Authenticator(auth, clock);
    String token = claims("dev").withArrayClaim("permissions", new String[] {"p:1"}).sign(TestKeys.hs256());

    assertThat(authenticator.authenticate(bearer(token)).scopes()).containsExactly("p:1");
  }

  @Test
  void gives_anonymous_for_a_missing_header() {
    assertThat(authenticator.authenticate(null)).isSameAs(Principal.ANONYMOUS);
    assertThat(authenticator.authenticate("  ")).isSameAs(Principal.ANONYMOUS);
  }

  @Test
  void refuses_a_scheme_other_than_bearer() {
    assertThatThrownBy(() -> authenticator.authenticate("Basic YWxpY2U6c2VjcmV0"))
        .isInstanceOf(KckException.Unauthorized.class)
        .hasMessage(Rejection.NOT_BEARER.detail);
    assertThatThrownBy(() -> authenticator.authenticate("Bearer"))
        .isInstanceOf(KckException.Unauthorized.class);
  }

  @Test
  void accepts_the_bearer_scheme_in_any_case() {
    assertThat(authenticator.authenticate("bearer " + claims("dev").sign(TestKeys.hs256())).subject()).isEqualTo("alice");
  }

  @Test
  void refuses_malformed_tokens() {
    assertRefused("not-a-jwt", Rejection.MALFORMED);
    assertRefused("a.b.c", Rejection.MALFORMED);
    assertRefused(TestKeys.base64Url("{\"alg\":\"HS256\"") + "." + TestKeys.base64Url("{}") + ".c2ln", Rejection.MALFORMED);
    assertRefused("a b.c.d", Rejection.MALFORMED);
  }

  @Test
  void refuses_a_token_signed_with_another_secret() {
    String token = claims("dev").sign(Algorithm.HMAC256("another-secret-that-is-also-long-enough!!"));

    assertRefused(token, Rejection.SIGNATURE);
  }

  @Test
  void refuses_a_token_whose_payload_was_changed() {
    String[] parts = claims("dev").sign(TestKeys.hs256()).split("\\.");
    String forged = parts[0] + "." + TestKeys.base64Url("{\"sub\":\"mallory\",\"iss\":\"kck\",\"aud\":\"kck\"}") + "." + parts[2];

    assertRefused(forged, Rejection.SIGNATURE);
  }

  @Test
  void refuses_alg_none() {
    String payload = TestKeys.base64Url("{\"sub\":\"mallory\",\"iss\":\"kck\",\"aud\":\"kck\",\"exp\":" + (NOW.getEpochSecond() + 60) + "}");

    assertRefused(TestKeys.base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".", Rejection.ALGORITHM);
    assertRefused(TestKeys.base64Url("{\"alg\":\"none\",\"kid\":\"dev\"}") + "." + payload + ".", Rejection.ALGORITHM);
    assertRefused(TestKeys.base64Url("{\"alg\":\"None\"}") + "." + payload + ".c2ln", Rejection.ALGORITHM);
  }

  @Test
  void refuses_hs256_signed_with_the_rs256_public_key() throws Exception {
    byte[] publicPem = Files.readAllBytes(dir.resolve("prod.pub.pem"));
    Algorithm confused = Algorithm.HMAC256(publicPem);

    assertRefused(claims("prod").sign(confused), Rejection.ALGORITHM);
    assertRefused(claims(null).sign(confused), Rejection.SIGNATURE);
  }

  @Test
  void refuses_a_token_expired_beyond_the_leeway() {
    String token = claims("dev").withExpiresAt(NOW.minusSeconds(31)).sign(TestKeys.hs256());

    assertRefused(token, Rejection.EXPIRED);
  }

  @Test
  void accepts_a_token_expired_within_the_leeway() {
    String token = claims("dev").withExpiresAt(NOW.minusSeconds(20)).sign(TestKeys.hs256());

    assertThat(authenticator.authenticate(bearer(token)).subject()).isEqualTo("alice");
  }

  @Test
  void the_hot_path_knows_a_caller_only_once_verified_and_only_until_exp_plus_leeway() {
    String header = bearer(claims("dev").sign(TestKeys.hs256()));
    assertThat(authenticator.knownCaller(header)).as("never verified").isNull();

    authenticator.authenticate(header);
    assertThat(authenticator.knownCaller(header).subject()).isEqualTo("alice");
    assertThat(authenticator.knownCaller(header).subject()).as("again, from the recent callers").isEqualTo("alice");
    assertThat(authenticator.knownCaller(header.replace("Bearer ", "bearer  ")).subject())
        .as("the same token in another header text, from the token cache").isEqualTo("alice");
    assertThat(authenticator.knownCaller(bearer(claims("dev").withSubject("bob").sign(TestKeys.hs256()))))
        .as("another token").isNull();

    clock.advance(Duration.ofSeconds(3600 + 30));
    assertThat(authenticator.knownCaller(header)).as("within the leeway").isNotNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(authenticator.knownCaller(header)).as("past exp and the leeway").isNull();
  }

  @Test
  void refuses_a_token_not_valid_yet() {
    String token = claims("dev").withNotBefore(NOW.plusSeconds(120)).sign(TestKeys.hs256());

    assertRefused(token, Rejection.NOT_YET_VALID);
  }

  @Test
  void refuses_a_token_issued_in_the_future() {
    String token = claims("dev").withIssuedAt(NOW.plusSeconds(120)).sign(TestKeys.hs256());

    assertRefused(token, Rejection.ISSUED_IN_FUTURE);
  }

  @Test
  void refuses_a_wrong_or_missing_issuer() {
    assertRefused(claims("dev").withIssuer("someone-else").sign(TestKeys.hs256()), Rejection.ISSUER);
    assertRefused(claims("dev").withIssuer(null).sign(TestKeys.hs256()), Rejection.ISSUER);
  }

  @Test
  void refuses_a_wrong_or_missing_audience() {
    assertRefused(claims("dev").withAudience("other").sign(TestKeys.hs256()), Rejection.AUDIENCE);
    assertRefused(claims("dev").withAudience((String[]) null).sign(TestKeys.hs256()), Rejection.AUDIENCE);
  }

  @Test
  void accepts_an_audience_array_holding_the_audience() {
    String token = claims("dev").withAudience("other", "kck").sign(TestKeys.hs256());

    assertThat(authenticator.authenticate(bearer(token)).subject()).isEqualTo("alice");
  }

  @Test
  void skips_issuer_and_audience_checks_when_not_configured() {
    KckConfig.Auth auth = new KckConfig.Auth(true, "", null, java.time.Duration.ZERO, "scope", List.of(TestKeys.hmacKey("dev", "HS256")), "");
    authenticator = new Authenticator(auth, clock);
    String token = claims("dev").withIssuer("anyone").withAudience("anything").sign(TestKeys.hs256());

    assertThat(authenticator.authenticate(bearer(token)).subject()).isEqualTo("alice");
  }

  @Test
  void refuses_an_unknown_kid() {
    assertRefused(claims("forged").sign(TestKeys.hs256()), Rejection.UNKNOWN_KEY);
  }

  @Test
  void refuses_an_oversized_token_before_decoding_it() {
    String garbage = "x".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1);
    String signedButHuge = claims("dev").withClaim("padding", "p".repeat(TokenVerifier.MAX_TOKEN_CHARS)).sign(TestKeys.hs256());

    assertRefused(garbage, Rejection.TOO_LARGE);
    assertRefused(signedButHuge, Rejection.TOO_LARGE);
  }

  @Test
  void refuses_an_ecdsa_signature_of_all_zeros() {
    String[] parts = claims("ec").sign(TestKeys.es("ES256", TestKeys.EC256)).split("\\.");
    String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);

    assertRefused(parts[0] + "." + parts[1] + "." + zeros, Rejection.SIGNATURE);
    assertRefused(parts[0] + "." + parts[1] + "." + zeros.substring(0, 20), Rejection.SIGNATURE);
  }

  @Test
  void counts_refusals_by_reason() {
    authenticator.authenticate(null);
    assertThatThrownBy(() -> authenticator.authenticate(bearer("x.y.z")));

    assertThat(registry.counter(Authenticator.REJECTIONS_METER, "reason", "malformed").count()).isEqualTo(1);
  }

  @Test
  void gives_anonymous_for_an_invalid_token_when_auth_is_disabled() {
    authenticator = new Authenticator(TestKeys.disabled(TestKeys.auth(List.of(TestKeys.hmacKey("dev", "HS256")))), clock);

    assertThat(authenticator.authenticate(bearer("x.y.z"))).isSameAs(Principal.ANONYMOUS);
    assertThat(authenticator.authenticate("Basic abc")).isSameAs(Principal.ANONYMOUS);
    assertThat(authenticator.authenticate(bearer(claims("dev").sign(TestKeys.hs256()))).claims())
        .containsAllEntriesOf(Map.of("sub", "alice"));
  }
}
