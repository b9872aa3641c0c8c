package dev.kck.kernel;

import com.github.benmanes.caffeine.cache.Caffeine;

/** The one way KCK builds a Caffeine cache. */
public final class Caches {
  private Caches() {}

  /**
   * A builder whose upkeep (eviction, expiry, draining the read buffers) runs on the thread that
   * used the cache, under Caffeine's own try-lock, instead of on the common pool. On the hot path,
   * handing that work to the pool woke a pool thread every few reads: under load, 16,000 context
   * switches in 3 s, more than the request threads' own, for a few microseconds of work each.
   */
  public static Caffeine<Object, Object> builder() {
    return Caffeine.newBuilder().executor(Runnable::run);
  }
}
