package dev.kck.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.kck.kernel.Caches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The in-process cache of ready-to-send entries, bounded by their size in bytes. An entry leaves
 * when it can no longer be served at all (past ttl plus stale_if_error of its product), on
 * invalidation, or when the byte bound evicts it.
 */
public final class L1Cache {
  private final Cache<String, CachedEntry> entries;
  private final boolean enabled;

  /**
   * @param maxBytes the byte bound; 0 turns the L1 off (every fetch goes to the store)
   * @param servableUntil when an entry stops being servable at all (null = no limit)
   */
  public L1Cache(long maxBytes, Clock clock, Function<CachedEntry, Instant> servableUntil) {
    this.enabled = maxBytes > 0;
    this.entries = Caches.builder()
        .maximumWeight(maxBytes)
        .weigher((String key, CachedEntry entry) -> entry.weight())
        .expireAfter(new UntilUnservable(clock, servableUntil))
        .ticker(ticker(clock))
        .build();
  }

  public CachedEntry get(String key) {
    return enabled ? entries.getIfPresent(key) : null;
  }

  /** Keeps the entry unless the L1 already holds a newer version of the key. */
  public void put(CachedEntry entry) {
    if (!enabled) {
      return;
    }
    entries.asMap().merge(entry.key(), entry, (old, fresh) -> old.version() > fresh.version() ? old : fresh);
  }

  public void invalidate(String key) {
    entries.invalidate(key);
  }

  /** Drops the key's entry if it is older than the given version; true when it dropped one. */
  public boolean invalidateOlderThan(String key, long version) {
    boolean[] dropped = {false};
    entries.asMap().computeIfPresent(key, (k, entry) -> {
      dropped[0] = entry.version() < version;
      return dropped[0] ? null : entry;
    });
    return dropped[0];
  }

  /** The keys of the entries served since the last call (marked by {@link CachedEntry#markUsed}). */
  List<String> takeUsedKeys() {
    List<String> keys = new ArrayList<>();
    for (CachedEntry entry : entries.asMap().values()) {
      if (entry.takeUse()) {
        keys.add(entry.key());
      }
    }
    return keys;
  }

  public long size() {
    return entries.estimatedSize();
  }

  /** Total weight held now (bytes, approximately). */
  public long weightedSize() {
    return entries.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
  }

  public void clear() {
    entries.invalidateAll();
  }

  /** Milliseconds are fine enough for expiry, and the system clock gives them without an Instant. */
  private static Ticker ticker(Clock clock) {
    return () -> clock.millis() * 1_000_000L;
  }

  private record UntilUnservable(Clock clock, Function<CachedEntry, Instant> servableUntil)
      implements Expiry<String, CachedEntry> {
    @Override
    public long expireAfterCreate(String key, CachedEntry entry, long currentTime) {
      Instant until = servableUntil.apply(entry);
      return until == null ? Long.MAX_VALUE : Math.max(0, Duration.between(clock.instant(), until).toNanos());
    }

    @Override
    public long expireAfterUpdate(String key, CachedEntry entry, long currentTime, long currentDuration) {
      return expireAfterCreate(key, entry, currentTime);
    }

    @Override
    public long expireAfterRead(String key, CachedEntry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
