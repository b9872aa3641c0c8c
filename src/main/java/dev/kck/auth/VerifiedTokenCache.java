package dev.kck.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.kck.auth.Rejection.RejectedToken;
import dev.kck.kernel.Caches;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;

/**
 * Verified tokens by their exact text, so that a token is verified once, not on every request. An
 * entry is trusted until the token's {@code exp} plus leeway, or for {@link #NO_EXP_TRUST} when it has
 * no exp. Caffeine evicts on its own ticker; the injected clock is checked again on every hit, so an
 * entry never outlives its token whatever the two clocks say. Refused tokens are not cached.
 */
final class VerifiedTokenCache {

  static final int MAX_TOKENS = 10_000;
  /** How long a verified token without {@code exp} is trusted before it is verified again. */
  static final Duration NO_EXP_TRUST = Duration.ofMinutes(5);

  /** A principal and the epoch second after which it must be verified again. */
  record Trusted(Principal principal, long trustedUntil) {
    boolean trustedAt(long epochSecond) {
      return epochSecond <= trustedUntil;
    }
  }

  private final TokenVerifier verifier;
  private final Clock clock;
  private final long leewaySeconds;
  private final Counter verifications;
  private final Cache<String, Trusted> entries;

  VerifiedTokenCache(TokenVerifier verifier, Clock clock, long leewaySeconds, Counter verifications) {
    this.verifier = verifier;
    this.clock = clock;
    this.leewaySeconds = leewaySeconds;
    this.verifications = verifications;
    this.entries = Caches.builder()
        .maximumSize(MAX_TOKENS)
        .expireAfter(Expiry.creating((String token, Trusted entry) -> timeLeft(entry)))
        .build();
  }

  /** A token verified before and still trusted, or null: nothing is verified here. */
  Trusted known(String token) {
    Trusted cached = entries.getIfPresent(token);
    return cached != null && cached.trustedAt(now()) ? cached : null;
  }

  Principal principalOf(String token) throws RejectedToken {
    Trusted cached = entries.getIfPresent(token);
    if (cached != null && cached.trustedAt(now())) {
      return cached.principal();
    }
    // A miss, or an entry past its time: verify afresh (an expired token is refused as such).
    verifications.increment();
    Principal principal = verifier.verify(token);
    entries.put(token, new Trusted(principal, trustedUntil(principal)));
    return principal;
  }

  private long trustedUntil(Principal principal) {
    long exp = principal.expiresAtEpochSecond();
    return exp == Long.MAX_VALUE ? now() + NO_EXP_TRUST.toSeconds() : exp + leewaySeconds;
  }

  private Duration timeLeft(Trusted entry) {
    return Duration.ofSeconds(Math.max(0, entry.trustedUntil() - now()));
  }

  long now() {
    return Math.floorDiv(clock.millis(), 1000); // the epoch second without an Instant
  }
}
