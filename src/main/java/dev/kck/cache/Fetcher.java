package dev.kck.cache;

import dev.kck.KckException;
import dev.kck.product.Freshness;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

/**
 * The read path: L1, then the shared store, then one primer run per key cluster-wide; stale values
 * are served at once while a refresh runs in the background.
 */
public final class Fetcher {
  private final CacheStore store;
  private final L1Cache l1;
  private final Clock clock;
  private final CacheMetrics metrics;
  private final PrimerRunner runner;
  private final BackgroundRefresher refresher;

  /**
   * @param l1 the in-process cache (its expiry must follow {@link Staleness#servableUntil})
   * @param source the database primers read
   * @param products the registry a primer's {@code context.fetch(otherKey)} resolves keys in
   */
  public Fetcher(CacheStore store, L1Cache l1, Clock clock, String instanceId, Duration lease, int workers,
      ScheduledExecutorService scheduler, MeterRegistry registry, DataSource source, ProductRegistry products) {
    this.store = store;
    this.l1 = l1;
    this.clock = clock;
    this.metrics = new CacheMetrics(registry);
    this.metrics.bindL1(l1);
    FetchingContext context = new FetchingContext(source, products, this);
    this.runner = new PrimerRunner(store, l1, clock, instanceId, lease, scheduler, metrics, key -> context);
    this.refresher = new BackgroundRefresher(workers, this::recompute);
  }

  /** The entry to answer a fetch of the key with. */
  public Served fetch(Key key, Primer primer) {
    Freshness policy = primer.spec().freshness();
    if (policy.alwaysFresh()) {
      metrics.miss();
      return new Served(runner.run(key, primer, currentVersion(key)), Served.Outcome.MISS);
    }
    CachedEntry cached = l1.get(key.text());
    if (cached != null && isServable(cached, policy)) {
      metrics.l1Hit();
      return answer(key, primer, cached);
    }
    Optional<StoredEntry> stored = store.get(key.text());
    if (stored.isPresent()) {
      CachedEntry entry = CachedEntry.of(stored.get());
      if (isServable(entry, policy)) {
        l1.put(entry);
        metrics.l2Hit();
        return answer(key, primer, entry);
      }
      cached = entry;
    }
    metrics.miss();
    return computeOrFallBack(key, primer, cached);
  }

  /** Recomputes a key now, whatever is cached (a refresh). */
  public CachedEntry recompute(Key key, Primer primer) {
    CachedEntry cached = l1.get(key.text());
    return runner.run(key, primer, cached == null ? currentVersion(key) : cached.version());
  }

  /** Drops the L1 copy of a key (another instance, or an admin, made it obsolete). */
  public void evict(String key) {
    l1.invalidate(key);
  }

  public void close() {
    refresher.close();
  }

  private Served answer(Key key, Primer primer, CachedEntry entry) {
    Staleness staleness = Staleness.of(entry.modified(), primer.spec().freshness(), clock.instant());
    if (staleness == Staleness.FRESH) {
      return new Served(entry, Served.Outcome.HIT);
    }
    metrics.staleServe();
    refresher.request(key, primer);
    return new Served(entry, Served.Outcome.STALE);
  }

  private Served computeOrFallBack(Key key, Primer primer, CachedEntry lastResort) {
    try {
      return new Served(runner.run(key, primer, lastResort == null ? 0 : lastResort.version()), Served.Outcome.MISS);
    } catch (KckException.Unavailable | KckException.Timeout | KckException.Internal failure) {
      if (lastResort != null && Staleness.of(lastResort.modified(), primer.spec().freshness(), clock.instant())
          == Staleness.ERROR_ONLY) {
        metrics.staleServe();
        return new Served(lastResort, Served.Outcome.STALE);
      }
      throw failure;
    }
  }

  private boolean isServable(CachedEntry entry, Freshness policy) {
    Staleness staleness = Staleness.of(entry.modified(), policy, clock.instant());
    return staleness == Staleness.FRESH || staleness == Staleness.STALE;
  }

  private long currentVersion(Key key) {
    return store.get(key.text()).map(StoredEntry::version).orElse(0L);
  }

  /** When an entry stops being servable at all under its product's policy (for the L1's expiry). */
  public static Instant servableUntil(CachedEntry entry, Freshness policy) {
    return Staleness.servableUntil(entry.modified(), policy);
  }
}
