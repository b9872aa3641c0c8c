package dev.kck.product;

import java.time.Duration;

/**
 * A product's freshness policy. Absent durations are null.
 *
 * @param freshFor after this a value is stale: served (flagged) while a refresh runs
 * @param ttl after this a value is never served, except within staleIfError when the primer fails
 * @param staleIfError how long past ttl a value may still be served when recomputing fails
 * @param refreshEvery cached keys are recomputed in the background this often
 * @param alwaysFresh compute on every fetch (concurrent fetches still share one run)
 */
public record Freshness(
    Duration freshFor,
    Duration ttl,
    Duration staleIfError,
    Duration refreshEvery,
    boolean alwaysFresh) {

  public static final Freshness DEFAULT = new Freshness(null, null, null, null, false);

  public Freshness {
    requirePositive(freshFor, "fresh_for");
    requirePositive(ttl, "ttl");
    requirePositive(staleIfError, "stale_if_error");
    requirePositive(refreshEvery, "refresh_every");
  }

  private static void requirePositive(Duration duration, String field) {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException(field + " must be positive");
    }
  }
}
