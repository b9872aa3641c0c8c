package dev.kck.bench;

import com.auth0.jwt.algorithms.Algorithm;
import dev.kck.testing.Tokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The run's own HS256 key (a fresh secret per run, kid {@code bench}), and tokens signed with it,
 * shaped as the test kit's {@link Tokens} shapes them and valid for six hours.
 */
final class SigningKey {
  static final String KEY_ID = "bench";
  private static final Duration LIFETIME = Duration.ofHours(6);

  final String secret;
  private final Algorithm algorithm;

  SigningKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    this.secret = HexFormat.of().formatHex(bytes);
    this.algorithm = Algorithm.HMAC256(secret);
  }

  String mint(String subject, String scope) {
    return Tokens.builder(KEY_ID, subject, scope, LIFETIME).sign(algorithm);
  }
}
