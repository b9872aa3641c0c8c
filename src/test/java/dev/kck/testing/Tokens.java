package dev.kck.testing;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Real signed JWTs for integration tests. */
public final class Tokens {
  private Tokens() {}

  /** A valid token for the test key with the given subject and space-separated scopes. */
  public static String of(String subject, String scopes) {
    return builder(subject, scopes).sign(Algorithm.HMAC256(TestConfigs.SECRET));
  }

  public static JWTCreator.Builder builder(String subject, String scopes) {
    Instant now = Instant.now();
    return JWT.create()
        .withKeyId("test")
        .withIssuer("kck")
        .withAudience("kck")
        .withSubject(subject)
        .withClaim("scope", scopes)
        .withIssuedAt(now)
        .withExpiresAt(now.plus(1, ChronoUnit.HOURS));
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }
}
