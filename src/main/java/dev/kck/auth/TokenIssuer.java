package dev.kck.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import dev.kck.config.KckConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Signs development tokens (the {@code token} command) with the first configured key that can sign:
 * an HS key's secret, or an RS/ES key's {@code private_key_file} (PEM PKCS#8). The token carries kid,
 * iss and aud when configured, sub, the scopes space-separated in the configured scope claim, iat, exp.
 */
public final class TokenIssuer {

  /**
   * @throws IllegalArgumentException for a blank subject or a ttl that is not positive
   * @throws IllegalStateException when no key can sign, or the signing key cannot be read
   */
  public String issue(KckConfig.Auth auth, String subject, List<String> scopes, Duration ttl, Clock clock) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a token needs a subject");
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the token ttl must be positive");
    }
    SigningKey key = firstSigningKey(auth);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    JWTCreator.Builder token = JWT.create()
        .withSubject(subject)
        .withIssuedAt(now)
        .withExpiresAt(now.plus(ttl));
    if (key.kid() != null) {
      token.withKeyId(key.kid());
    }
    if (AuthSettings.isSet(auth.issuer())) {
      token.withIssuer(auth.issuer());
    }
    if (AuthSettings.isSet(auth.audience())) {
      token.withAudience(auth.audience());
    }
    String scope = joinScopes(scopes);
    if (!scope.isEmpty()) {
      token.withClaim(AuthSettings.scopeClaim(auth), scope);
    }
    return token.sign(key.algorithm());
  }

  private record SigningKey(String kid, Algorithm algorithm) {}

  private static SigningKey firstSigningKey(KckConfig.Auth auth) {
    for (KckConfig.JwtKey key : auth.keys()) {
      Optional<Algorithm> algorithm;
      try {
        algorithm = KeyAlgorithms.signing(key);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("auth key '" + key.kid() + "' cannot sign: " + e.getMessage(), e);
      }
      if (algorithm.isPresent()) {
        return new SigningKey(AuthSettings.isSet(key.kid()) ? key.kid() : null, algorithm.get());
      }
    }
    throw new IllegalStateException(
        "no auth key can sign tokens: add an HS256 key with a secret, or a private_key_file to an RS/ES key");
  }

  /** ["a b", "c"] and ["a", "b", "c"] both give "a b c". */
  private static String joinScopes(List<String> scopes) {
    if (scopes == null) {
      return "";
    }
    return scopes.stream()
        .flatMap(scope -> Stream.of(scope.split("\\s+")))
        .filter(scope -> !scope.isBlank())
        .distinct()
        .collect(Collectors.joining(" "));
  }
}
