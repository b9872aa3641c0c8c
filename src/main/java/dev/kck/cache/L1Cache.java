package dev.kck.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.kck.kernel.Caches;
import dev.kck.kernel.RecentTexts;
import dev.kck.product.Key;
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
  /** One front hit in this many is also read through Caffeine, which keeps its frequencies and order. */
  static final int SAMPLE_EVERY = 16;
  private static final Instant LAST_TICK = Instant.ofEpochMilli(Long.MAX_VALUE / 1_000_000L);

  private final Cache<String, CachedEntry> entries;
  /**
   * The entries read last, by key, in front of Caffeine: a hit here costs a short hash and one
   * compare, where Caffeine's read (hash, read buffer, expiry, access order) was the hot path's
   * largest share after Jetty's. An entry found here is served only while the L1 still holds it:
   * being replaced, invalidated or evicted marks it ({@link CachedEntry#leftL1}, inside the same
   * atomic step), and a front hit checks its servable-until on the same ticker as Caffeine's expiry,
   * so a reader never gets an entry Caffeine would not give it. One hit in {@link #SAMPLE_EVERY} is
   * also read through Caffeine, so that its frequencies and access order still see the hot keys.
   */
  private final RecentTexts<Held> front = new RecentTexts<>(4096, Key.MAX_LENGTH);
  private final Ticker ticker;
  private final Function<CachedEntry, Instant> servableUntil;
  private final boolean enabled;

  /** A front slot: the entry and the ticker time it stops being servable at, as Caffeine expires it. */
  private record Held(CachedEntry entry, long untilTick) {}

  /**
   * @param maxBytes the byte bound; 0 turns the L1 off (every fetch goes to the store)
   * @param servableUntil when an entry stops being servable at all (null = no limit)
   */
  public L1Cache(long maxBytes, Clock clock, Function<CachedEntry, Instant> servableUntil) {
    this.enabled = maxBytes > 0;
    this.ticker = ticker(clock);
    this.servableUntil = servableUntil;
    this.entries = Caches.builder()
        .maximumWeight(maxBytes)
        .weigher((String key, CachedEntry entry) -> entry.weight())
        .expireAfter(new UntilUnservable(clock, servableUntil))
        .ticker(ticker)
        .evictionListener((String key, CachedEntry entry, RemovalCause cause) -> {
          if (entry != null) {
            entry.leaveL1();
          }
        })
        .build();
  }

  public CachedEntry get(String key) {
    if (!enabled) {
      return null;
    }
    Held recent = front.get(key);
    if (recent != null && !recent.entry.leftL1() && ticker.read() < recent.untilTick) {
      if (recent.entry.sampleFrontHit(SAMPLE_EVERY)) {
        entries.getIfPresent(key);
      }
      return recent.entry;
    }
    CachedEntry held = entries.getIfPresent(key);
    if (held != null) {
      Instant until = servableUntil.apply(held);
      front.put(key, new Held(held, tickOf(until)));
    }
    return held;
  }

  /** Keeps the entry unless the L1 already holds a newer version of the key. */
  public void put(CachedEntry entry) {
    if (!enabled) {
      return;
    }
    entries.asMap().compute(entry.key(), (key, old) -> {
      CachedEntry kept = old != null && old.version() > entry.version() ? old : entry;
      CachedEntry left = kept == old ? entry : old;
      if (left != null && left != kept) {
        left.leaveL1();
      }
      kept.enterL1();
      return kept;
    });
  }

  public void invalidate(String key) {
    entries.asMap().computeIfPresent(key, (k, entry) -> {
      entry.leaveL1();
      return null;
    });
  }

  /** Drops the key's entry if it is older than the given version; true when it dropped one. */
  public boolean invalidateOlderThan(String key, long version) {
    boolean[] dropped = {false};
    entries.asMap().computeIfPresent(key, (k, entry) -> {
      dropped[0] = entry.version() < version;
      if (dropped[0]) {
        entry.leaveL1();
      }
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

  /** Runs the upkeep Caffeine has pending (evictions, expiries) now: for tests that check its outcome. */
  void cleanUp() {
    entries.cleanUp();
  }

  /** Empties the L1, one key at a time so that each entry is marked as it leaves. */
  public void clear() {
    for (String key : List.copyOf(entries.asMap().keySet())) {
      invalidate(key);
    }
  }

  /** The ticker's reading at an instant (null, or past what a long holds: never). */
  private static long tickOf(Instant until) {
    return until == null || until.isAfter(LAST_TICK) ? Long.MAX_VALUE : until.toEpochMilli() * 1_000_000L;
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
