package dev.kck.http;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.auth0.jwt.algorithms.Algorithm;
import dev.kck.testing.RunningApp;
import dev.kck.testing.Tokens;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token refusals and authorisation over HTTP, with real signed tokens. */
class AuthIT {
  private static final String SCOPED = "/fetch/store_daily_sales/1/2025-03-14";
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    kck = RunningApp.demo("memory");
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  private static ValidatableResponse fetchWith(String authorization) {
    return kck.request().header("Authorization", authorization).get(SCOPED).then();
  }

  private static void refused(String authorization) {
    fetchWith(authorization)
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("invalid_token"));
  }

  @Test
  void a_valid_token_with_the_scope_is_served() {
    fetchWith(Tokens.bearer(Tokens.of("frank", "sales:read"))).statusCode(200);
  }

  @Test
  void refuses_a_missing_token() {
    kck.request().get(SCOPED).then().statusCode(401).contentType("application/problem+json");
  }

  @Test
  void refuses_malformed_tokens() {
    refused("Bearer not.a.token");
    refused("Bearer ");
    refused("Basic dXNlcjpwYXNz");
  }

  @Test
  void refuses_a_bad_signature() {
    refused(Tokens.bearer(Tokens.builder("frank", "sales:read")
        .sign(Algorithm.HMAC256("another-secret-that-is-long-enough-to-use"))));
  }

  @Test
  void refuses_alg_none() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"test\"}".getBytes(StandardCharsets.UTF_8));
    long exp = Instant.now().plus(1, ChronoUnit.HOURS).getEpochSecond();
    String payload = b64.encodeToString(("{\"sub\":\"frank\",\"iss\":\"kck\",\"aud\":\"kck\",\"scope\":\"sales:read\",\"exp\":"
        + exp + "}").getBytes(StandardCharsets.UTF_8));
    refused("Bearer " + header + "." + payload + ".");
  }

  @Test
  void refuses_hs256_signed_with_an_rs256_public_key() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var pair = generator.generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    refused(Tokens.bearer(Tokens.builder("frank", "sales:read").sign(Algorithm.HMAC256(pem.getBytes(StandardCharsets.UTF_8)))));
    refused(Tokens.bearer(Tokens.builder("frank", "sales:read")
        .sign(Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()))));
  }

  @Test
  void refuses_expired_beyond_leeway_and_not_yet_valid_tokens() {
    Instant now = Instant.now();
    refused(Tokens.bearer(Tokens.builder("frank", "sales:read").withIssuedAt(now.minusSeconds(7200))
        .withExpiresAt(now.minusSeconds(120)).sign(Algorithm.HMAC256(dev.kck.testing.TestConfigs.SECRET))));
    fetchWith(Tokens.bearer(Tokens.builder("frank", "sales:read").withExpiresAt(now.minusSeconds(5))
        .sign(Algorithm.HMAC256(dev.kck.testing.TestConfigs.SECRET)))).statusCode(200);
    refused(Tokens.bearer(Tokens.builder("frank", "sales:read").withNotBefore(now.plusSeconds(600))
        .sign(Algorithm.HMAC256(dev.kck.testing.TestConfigs.SECRET))));
  }

  @Test
  void refuses_wrong_issuer_audience_and_unknown_kid() {
    String secret = dev.kck.testing.TestConfigs.SECRET;
    refused(Tokens.bearer(Tokens.builder("frank", "sales:read").withIssuer("evil").sign(Algorithm.HMAC256(secret))));
    refused(Tokens.bearer(Tokens.builder("frank", "sales:read").withAudience("other").sign(Algorithm.HMAC256(secret))));
    refused(Tokens.bearer(Tokens.builder("frank", "sales:read").withKeyId("forged").sign(Algorithm.HMAC256(secret))));
  }

  @Test
  void a_valid_token_without_the_scope_gets_403() {
    fetchWith(Tokens.bearer(Tokens.of("frank", "other:scope"))).statusCode(403)
        .contentType("application/problem+json").body("status", equalTo(403));
  }

  @Test
  void scopes_may_be_an_array_claim() {
    fetchWith(Tokens.bearer(Tokens.builder("frank", null).withArrayClaim("scope", new String[] {"x", "sales:read"})
        .sign(Algorithm.HMAC256(dev.kck.testing.TestConfigs.SECRET)))).statusCode(200);
  }

  @Test
  void a_claim_bound_parameter_with_another_users_value_gets_403() {
    kck.as("alice", "").get("/fetch/my_purchases/bob").then().statusCode(403).contentType("application/problem+json");
    kck.request().get("/fetch/my_purchases/bob").then().statusCode(401);
    kck.as("bob", "").get("/fetch/my_purchases/bob").then().statusCode(200);
  }
}
