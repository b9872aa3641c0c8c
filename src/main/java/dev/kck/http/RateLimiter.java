package dev.kck.http;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kck.config.KckConfig;
import dev.kck.kernel.Caches;
import java.time.Clock;
import java.time.Duration;

/**
 * One token bucket per caller: {@code burst} tokens at most, {@code requests_per_second} added each
 * second, one taken per request. The buckets live in a size-bounded map that forgets a caller once
 * its bucket would be full again, so memory stays bounded whoever calls; a forgotten caller starts
 * with a full bucket, which is what it would have had. Time is the injected clock's.
 *
 * <p>A small implementation rather than a library: the algorithm is these few lines, and a per-caller
 * map with expiry is Caffeine, already here.
 */
final class RateLimiter {
  static final int MAX_CALLERS = 100_000;

  /** Counted in thousandths of a token, so that a millisecond adds a whole number of them: no rounding drift. */
  private static final long TOKEN = 1000;

  private final long perMilli;
  private final long burst;
  private final Clock clock;
  private final Cache<String, Bucket> buckets;

  RateLimiter(KckConfig.RateLimit limit, Clock clock) {
    if (!limit.enabled() || limit.burst() < 1) {
      throw new IllegalArgumentException("a rate limit needs requests_per_second > 0 and burst >= 1");
    }
    this.perMilli = limit.requestsPerSecond();
    this.burst = limit.burst() * TOKEN;
    this.clock = clock;
    Duration refill = Duration.ofMillis(burst / perMilli + 1);
    this.buckets = Caches.builder()
        .maximumSize(MAX_CALLERS)
        .expireAfterAccess(refill.plusSeconds(1))
        .build();
  }

  /** Takes a token for the caller: zero when it may go on, else how long until it may. */
  Duration acquire(String caller) {
    long now = clock.millis();
    Bucket bucket = buckets.get(caller, key -> new Bucket(burst, now));
    synchronized (bucket) {
      long elapsed = Math.max(0, now - bucket.updated);
      bucket.tokens = elapsed >= burst / perMilli ? burst : Math.min(burst, bucket.tokens + elapsed * perMilli);
      bucket.updated = Math.max(bucket.updated, now);
      if (bucket.tokens >= TOKEN) {
        bucket.tokens -= TOKEN;
        return Duration.ZERO;
      }
      return Duration.ofMillis((TOKEN - bucket.tokens + perMilli - 1) / perMilli);
    }
  }

  private static final class Bucket {
    long tokens;
    long updated;

    Bucket(long tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }
}
