package dev.kck.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** A fresh HS256 secret per run, and tokens shaped like KCK's own (kid, iss, aud, sub, scope, iat, exp). */
final class Tokens {
  final String secret;
  private final Algorithm algorithm;

  Tokens() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    this.secret = HexFormat.of().formatHex(bytes);
    this.algorithm = Algorithm.HMAC256(secret);
  }

  String mint(String subject, String scope) {
    Instant now = Instant.now();
    return JWT.create().withKeyId("bench").withIssuer("kck").withAudience("kck").withSubject(subject)
        .withClaim("scope", scope).withIssuedAt(now).withExpiresAt(now.plus(Duration.ofHours(6))).sign(algorithm);
  }
}
