package dev.kck.cache;

import dev.kck.product.Freshness;
import java.time.Duration;
import java.time.Instant;

/** Where an entry stands under its product's freshness policy at a given moment. */
public enum Staleness {
  /** Within fresh_for: serve as is. */
  FRESH,
  /** Past fresh_for, within ttl: serve flagged stale, and refresh. */
  STALE,
  /** Past ttl, within stale_if_error: serve only when recomputing fails. */
  ERROR_ONLY,
  /** Never to be served. */
  DEAD;

  public static Staleness of(Instant modified, Freshness policy, Instant now) {
    if (policy.ttl() != null && !now.isBefore(modified.plus(policy.ttl()))) {
      Instant lastResort = policy.staleIfError() == null ? null : modified.plus(policy.ttl()).plus(policy.staleIfError());
      return lastResort != null && now.isBefore(lastResort) ? ERROR_ONLY : DEAD;
    }
    if (policy.freshFor() != null && !now.isBefore(modified.plus(policy.freshFor()))) {
      return STALE;
    }
    return FRESH;
  }

  /** When an entry stops being servable at all, or null when never. */
  public static Instant servableUntil(Instant modified, Freshness policy) {
    if (policy.ttl() == null) {
      return null;
    }
    Instant end = modified.plus(policy.ttl());
    return policy.staleIfError() == null ? end : end.plus(policy.staleIfError());
  }

  /**
   * When an entry stops being fresh: at {@code fresh_for}, else at {@code ttl}; null when its
   * product sets neither (no freshness limit).
   */
  public static Instant freshUntil(Instant modified, Freshness policy) {
    return policy.freshFor() != null ? modified.plus(policy.freshFor())
        : policy.ttl() != null ? modified.plus(policy.ttl()) : null;
  }

  /** Seconds of freshness left, for {@code Cache-Control: max-age}. */
  public static long freshSecondsLeft(Instant modified, Freshness policy, Instant now) {
    Instant freshUntil = freshUntil(modified, policy);
    if (freshUntil == null) {
      return -1;
    }
    return Math.max(0, Duration.between(now, freshUntil).getSeconds());
  }

  /**
   * RFC 9211's {@code ttl}: whole seconds of freshness left, negative once stale (rounded down, so
   * a value half a second past its limit is already {@code -1}); null when there is no limit.
   */
  public static Long freshnessLifetimeLeft(Instant modified, Freshness policy, Instant now) {
    Instant freshUntil = freshUntil(modified, policy);
    return freshUntil == null ? null : Math.floorDiv(Duration.between(now, freshUntil).toMillis(), 1000);
  }
}
