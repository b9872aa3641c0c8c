package dev.kck.live;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what one kind of client place (streams, or long polls) holds, per instance and per holder
 * (a token subject, or a client address), and refuses a place beyond either limit.
 */
final class Admission {
  private final String what;
  private final int perInstance;
  private final int perHolder;
  private final Duration retryAfter;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> byHolder = new ConcurrentHashMap<>();

  /**
   * @param what the places counted, for the refusal's detail ("streams", "long polls")
   * @param retryAfter what a refused caller is told to wait
   */
  Admission(String what, int perInstance, int perHolder, Duration retryAfter) {
    this.what = what;
    this.perInstance = perInstance;
    this.perHolder = perHolder;
    this.retryAfter = retryAfter;
  }

  /** Takes a place for the holder, or throws {@link LimitReached}. */
  void take(String holder) {
    if (total.incrementAndGet() > perInstance) {
      total.decrementAndGet();
      throw new LimitReached("this instance holds " + perInstance + " " + what + ", its limit; try again later",
          false, retryAfter);
    }
    boolean[] taken = {true};
    byHolder.compute(holder, (h, count) -> {
      int held = count == null ? 0 : count;
      if (held >= perHolder) {
        taken[0] = false;
        return count;
      }
      return held + 1;
    });
    if (!taken[0]) {
      total.decrementAndGet();
      throw new LimitReached("you hold " + perHolder + " " + what + " on this instance, the limit per caller",
          true, retryAfter);
    }
  }

  /** Gives back a place taken by {@link #take}. */
  void give(String holder) {
    byHolder.computeIfPresent(holder, (h, count) -> count <= 1 ? null : count - 1);
    total.decrementAndGet();
  }

  int held() {
    return total.get();
  }
}
