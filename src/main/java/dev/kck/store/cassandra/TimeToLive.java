package dev.kck.store.cassandra;

import java.time.Duration;
import java.time.Instant;

/**
 * Cassandra TTLs, in whole seconds, for lifetimes KCK states as instants and durations.
 *
 * <p>Cassandra stamps a cell's expiry as the write's whole second plus the TTL, so a TTL of n
 * seconds lasts between n - 1 and n seconds. Lifetimes that must last at least a given time get
 * one second more: an entry or lease may outlive its time by up to two seconds, never fall short.
 */
final class TimeToLive {
  /** No TTL: the cell lives until it is overwritten or deleted. */
  static final int NONE = 0;

  /** Cassandra refuses longer TTLs (20 years). */
  static final int MAX = 630_720_000;

  private TimeToLive() {}

  /**
   * A TTL that keeps a row at least until {@code expiresAt}: {@link #NONE} for null (never), and
   * the smallest TTL for an instant already past (the row is written, counts as absent at once, and
   * goes away by itself).
   */
  static int until(Instant expiresAt, Instant now) {
    if (expiresAt == null) {
      return NONE;
    }
    return atLeast(Duration.between(now, expiresAt));
  }

  /** A TTL that lasts at least {@code lifetime}; at least one second. */
  static int atLeast(Duration lifetime) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      return 1;
    }
    long seconds = ceilSeconds(lifetime) + 1;
    return (int) Math.min(seconds, MAX);
  }

  /** A TTL for a back-off of at least {@code delay}; {@link #NONE} for zero, meaning no back-off. */
  static int backOff(Duration delay) {
    return delay.isNegative() || delay.isZero() ? NONE : atLeast(delay);
  }

  private static long ceilSeconds(Duration lifetime) {
    long millis = lifetime.toMillis();
    return millis / 1000 + (millis % 1000 == 0 ? 0 : 1);
  }
}
