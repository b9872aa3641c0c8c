package dev.kck.cache;

/**
 * What a fetch answered with.
 *
 * @param entry the entry to send
 * @param outcome where it came from
 */
public record Served(CachedEntry entry, Outcome outcome) {

  /** Where a served entry came from, which decides {@code Cache-Status} and the stale flag. */
  public enum Outcome {
    /** From the L1 or the store, fresh. */
    HIT,
    /** From the L1 or the store, past fresh_for (or served under stale_if_error). */
    STALE,
    /** Computed (or waited for) by this request. */
    MISS;

    public boolean isStale() {
      return this == STALE;
    }
  }
}
