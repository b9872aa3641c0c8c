package dev.kck.testing;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Duration;
import java.time.Instant;

/** Real signed JWTs for integration tests (and the benchmark, which signs with a key of its own). */
public final class Tokens {
  private Tokens() {}

  /** A valid token for the test key with the given subject and space-separated scopes. */
  public static String of(String subject, String scopes) {
    return builder(subject, scopes).sign(Algorithm.HMAC256(TestConfigs.SECRET));
  }

  /** The claims of {@link #of}, valid for an hour, for the test key; to sign or change. */
  public static JWTCreator.Builder builder(String subject, String scopes) {
    return builder("test", subject, scopes, Duration.ofHours(1));
  }

  /**
   * The claims KCK checks (issuer and audience {@code kck}, subject, scopes, issued now, expiring
   * after {@code lifetime}) in a token for the key {@code keyId}; to sign or change.
   */
  public static JWTCreator.Builder builder(
      String keyId, String subject, String scopes, Duration lifetime) {
    Instant now = Instant.now();
    return JWT.create()
        .withKeyId(keyId)
        .withIssuer("kck")
        .withAudience("kck")
        .withSubject(subject)
        .withClaim("scope", scopes)
        .withIssuedAt(now)
        .withExpiresAt(now.plus(lifetime));
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }
}
