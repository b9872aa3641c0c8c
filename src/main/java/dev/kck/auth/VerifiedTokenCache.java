package dev.kck.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.kck.auth.Rejection.RejectedToken;
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
  private record Entry(Principal principal, long trustedUntil) {}

  private final TokenVerifier verifier;
  private final Clock clock;
  private final long leewaySeconds;
  private final Counter verifications;
  private final Cache<String, Entry> entries;

  VerifiedTokenCache(TokenVerifier verifier, Clock clock, long leewaySeconds, Counter verifications) {
    this.verifier = verifier;
    this.clock = clock;
    this.leewaySeconds = leewaySeconds;
    this.verifications = verifications;
    this.entries = Caffeine.newBuilder()
        .maximumSize(MAX_TOKENS)
        .expireAfter(Expiry.creating((String token, Entry entry) -> timeLeft(entry)))
        .build();
  }

  /** The principal of a token verified before and still trusted, or null: nothing is verified here. */
  Principal knownPrincipalOf(String token) {
    Entry cached = entries.getIfPresent(token);
    return cached != null && now() <= cached.trustedUntil() ? cached.principal() : null;
  }

  Principal principalOf(String token) throws RejectedToken {
    Entry cached = entries.getIfPresent(token);
    if (cached != null && now() <= cached.trustedUntil()) {
      return cached.principal();
    }
    // A miss, or an entry past its time: verify afresh (an expired token is refused as such).
    verifications.increment();
    Principal principal = verifier.verify(token);
    entries.put(token, new Entry(principal, trustedUntil(principal)));
    return principal;
  }

  private long trustedUntil(Principal principal) {
    long exp = principal.expiresAtEpochSecond();
    return exp == Long.MAX_VALUE ? now() + NO_EXP_TRUST.toSeconds() : exp + leewaySeconds;
  }

  private Duration timeLeft(Entry entry) {
    return Duration.ofSeconds(Math.max(0, entry.trustedUntil() - now()));
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
