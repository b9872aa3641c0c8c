package dev.kck.live;

import java.time.Duration;

/**
 * A stream or long poll refused because this instance, or the caller, holds as many as the
 * {@code live:} limits allow. The HTTP layer answers 429 (the caller's limit) or 503 (the
 * instance's), both with {@code Retry-After}.
 */
public final class LimitReached extends RuntimeException {
  private final boolean callerLimit;
  private final Duration retryAfter;

  LimitReached(String detail, boolean callerLimit, Duration retryAfter) {
    super(detail, null, false, false);
    this.callerLimit = callerLimit;
    this.retryAfter = retryAfter;
  }

  /** True when the caller's own limit was reached (429), false for the instance's (503). */
  public boolean callerLimit() {
    return callerLimit;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
