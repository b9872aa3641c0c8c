package dev.kck.auth;

import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.kck.auth.Rejection.RejectedToken;
import dev.kck.config.KckConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of RFC 8725 (JWT Best Current Practices) that java-jwt does not make. Before the key is
 * looked up: a {@code crit} header is refused, since KCK understands no extension (RFC 7515 section
 * 4.1.11), and a {@code typ}, when present, must say JWT, so that another kind of token (a logout
 * token, a DPoP proof) cannot pass as an access token. After the signature: {@code exp} must be
 * present ({@code auth.require_exp}), and the lifetime at most {@code auth.max_token_lifetime}.
 */
final class TokenRules {

  /** typ values of access tokens (RFC 7519 section 5.1, RFC 9068 section 2.1), compared without case. */
  static final Set<String> JWT_TYPES = Set.of("jwt", "application/jwt", "at+jwt", "application/at+jwt");

  private final boolean requireExp;
  private final Duration maxLifetime;
  private final Clock clock;

  TokenRules(boolean requireExp, Duration maxLifetime, long leewaySeconds, Clock clock) {
    this.requireExp = requireExp;
    this.maxLifetime = maxLifetime == null || maxLifetime.isZero() || maxLifetime.isNegative()
        ? null
        : maxLifetime.plusSeconds(leewaySeconds);
    this.clock = clock;
  }

  static TokenRules of(KckConfig.Auth auth, Clock clock) {
    return new TokenRules(auth.requireExp(), auth.maxTokenLifetime(), AuthSettings.leewaySeconds(auth), clock);
  }

  /** Checks that cost nothing and need no key: run before the key is looked up. */
  void checkHeader(DecodedJWT jwt) throws RejectedToken {
    if (!jwt.getHeaderClaim("crit").isMissing()) {
      throw new RejectedToken(Rejection.CRITICAL);
    }
    Claim typ = jwt.getHeaderClaim("typ");
    if (!typ.isMissing() && (typ.asString() == null || !JWT_TYPES.contains(typ.asString().toLowerCase(Locale.ROOT)))) {
      throw new RejectedToken(Rejection.TYPE);
    }
  }

  /** Checks of a verified token's exp and lifetime. */
  void checkLifetime(DecodedJWT jwt) throws RejectedToken {
    Instant exp = jwt.getExpiresAtAsInstant();
    if (exp == null) {
      if (requireExp || maxLifetime != null) {
        throw new RejectedToken(Rejection.NO_EXPIRY);
      }
      return;
    }
    if (maxLifetime != null) {
      Instant from = jwt.getIssuedAtAsInstant() != null ? jwt.getIssuedAtAsInstant() : clock.instant();
      if (Duration.between(from, exp).compareTo(maxLifetime) > 0) {
        throw new RejectedToken(Rejection.LIFETIME);
      }
    }
  }
}
