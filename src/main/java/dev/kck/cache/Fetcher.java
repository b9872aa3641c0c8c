package dev.kck.cache;

import dev.kck.kernel.KckException;
import dev.kck.product.Freshness;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.PrimerContext;
import dev.kck.store.EntryStore;
import dev.kck.store.StoredEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The read path: L1, then the shared store, then one primer run per key cluster-wide; stale values
 * are served at once while a refresh runs in the background.
 */
public final class Fetcher {
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private final EntryStore entries;
  private final L1Cache l1;
  private final PrimerRunner runner;
  private final PrimerContexts contexts;
  private final CacheMetrics metrics;
  private final Clock clock;
  private final StaleListener stale;

  /**
   * @param l1 whose expiry follows {@link Staleness#servableUntil}
   * @param stale told of every stale value served (to refresh it)
   */
  public Fetcher(EntryStore entries, L1Cache l1, PrimerRunner runner, PrimerContexts contexts, CacheMetrics metrics,
      Clock clock, StaleListener stale) {
    this.entries = entries;
    this.l1 = l1;
    this.runner = runner;
    this.contexts = contexts;
    this.metrics = metrics;
    this.clock = clock;
    this.stale = stale;
  }

  /** The entry to answer a fetch of the key with. */
  public Served fetch(Key key, Primer primer) {
    Freshness policy = primer.spec().freshness();
    CachedEntry cached = policy.alwaysFresh() ? null : l1.get(key.text());
    if (cached != null && isServable(cached, policy)) {
      metrics.l1Hit(key.product());
      cached.markUsed();
      return answer(key, primer, cached);
    }
    try {
      return fromStoreOrPrimer(key, primer, policy, cached);
    } catch (KckException.Unavailable first) {
      // A store node lost mid-request (its connections cut, a consensus round timed out) usually
      // leaves the others able to answer at once: one more try spares the client a 503.
      pause(RETRY_PAUSE);
      return fromStoreOrPrimer(key, primer, policy, cached);
    }
  }

  /**
   * The L1 copy of the key when it is fresh (counted as an L1 hit), else null and nothing counted:
   * the HTTP hot path answers only these and hands every other case to {@link #fetch}.
   */
  public CachedEntry freshInL1(Key key, Primer primer, Instant now) {
    Freshness policy = primer.spec().freshness();
    CachedEntry cached = policy.alwaysFresh() ? null : l1.get(key.text());
    if (cached == null || Staleness.of(cached.modified(), policy, now) != Staleness.FRESH) {
      return null;
    }
    metrics.l1Hit(key.product());
    cached.markUsed();
    return cached;
  }

  /** Recomputes a key from a read that starts now, whatever is cached or being computed (a refresh). */
  public CachedEntry refresh(Key key, Primer primer) {
    return runner.refresh(key, primer, contextFor(key));
  }

  /** The context a primer computes (or augments) the key in. */
  public PrimerContext contextFor(Key key) {
    return contexts.contextFor(key, this);
  }

  /** This instance's L1 copy of the key, if it holds one: no round trip. */
  public Optional<CachedEntry> local(String key) {
    return Optional.ofNullable(l1.get(key));
  }

  /** The entry as this instance has it, without computing: L1, else the store. */
  public Optional<CachedEntry> peek(String key) {
    return local(key).or(() -> entries.get(key).map(CachedEntry::of));
  }

  private Served fromStoreOrPrimer(Key key, Primer primer, Freshness policy, CachedEntry cached) {
    if (policy.alwaysFresh()) {
      metrics.miss(key.product());
      long known = entries.get(key.text()).map(StoredEntry::version).orElse(0L);
      return new Served(runner.run(key, primer, known, contextFor(key)), Served.Outcome.MISS);
    }
    Optional<StoredEntry> stored = entries.get(key.text());
    if (stored.isPresent()) {
      CachedEntry entry = CachedEntry.of(stored.get());
      if (isServable(entry, policy)) {
        entry.markUsed();
        l1.put(entry);
        metrics.l2Hit(key.product());
        return answer(key, primer, entry);
      }
      cached = entry;
    }
    metrics.miss(key.product());
    return computeOrFallBack(key, primer, cached);
  }

  private Served answer(Key key, Primer primer, CachedEntry entry) {
    Staleness staleness = Staleness.of(entry.modified(), primer.spec().freshness(), clock.instant());
    if (staleness == Staleness.FRESH) {
      return new Served(entry, Served.Outcome.HIT);
    }
    metrics.staleServe(key.product());
    stale.servedStale(key);
    return new Served(entry, Served.Outcome.STALE);
  }

  /** A miss: compute, or, when computing fails within stale_if_error, the last value. */
  private Served computeOrFallBack(Key key, Primer primer, CachedEntry lastResort) {
    try {
      long known = lastResort == null ? 0 : lastResort.version();
      return new Served(runner.run(key, primer, known, contextFor(key)), Served.Outcome.MISS);
    } catch (KckException.Unavailable | KckException.Timeout | KckException.Internal failure) {
      if (lastResort != null && Staleness.of(lastResort.modified(), primer.spec().freshness(), clock.instant())
          == Staleness.ERROR_ONLY) {
        metrics.staleServe(key.product());
        return new Served(lastResort, Served.Outcome.STALE);
      }
      throw failure;
    }
  }

  private boolean isServable(CachedEntry entry, Freshness policy) {
    Staleness staleness = Staleness.of(entry.modified(), policy, clock.instant());
    return staleness == Staleness.FRESH || staleness == Staleness.STALE;
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
