package dev.kck.cache;

import dev.kck.kernel.KckException;
import dev.kck.product.Freshness;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The read path: L1, then the shared store, then one primer run per key cluster-wide; stale values
 * are served at once while a refresh runs in the background.
 */
public final class Fetcher {
  private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

  private final CacheStore store;
  private final L1Cache l1;
  private final Clock clock;
  private final CacheMetrics metrics;
  private final PrimerRunner runner;
  private final Consumer<Key> staleKeys;

  /** What the fetcher works with, wired by the composition root. */
  public record Parts(
      CacheStore store,
      L1Cache l1,
      Clock clock,
      String instanceId,
      Duration lease,
      ScheduledExecutorService scheduler,
      MeterRegistry registry,
      DataSource source,
      ProductRegistry products,
      Consumer<CachedEntry> newVersions,
      Consumer<Key> staleKeys) {}

  /**
   * Parts: the L1's expiry must follow {@link Staleness#servableUntil}; {@code newVersions} is told
   * of every version this instance writes; {@code staleKeys} of every stale key served (to refresh).
   */
  public Fetcher(Parts parts) {
    this.store = parts.store();
    this.l1 = parts.l1();
    this.clock = parts.clock();
    this.metrics = new CacheMetrics(parts.registry());
    this.metrics.bindL1(l1);
    this.staleKeys = parts.staleKeys();
    this.runner = new PrimerRunner(store, l1, clock, parts.instanceId(), parts.lease(), parts.scheduler(), metrics,
        key -> new FetchingContext(parts.source(), parts.products(), this, store, key), parts.newVersions());
  }

  /** The entry to answer a fetch of the key with. */
  public Served fetch(Key key, Primer primer) {
    Freshness policy = primer.spec().freshness();
    CachedEntry cached = policy.alwaysFresh() ? null : l1.get(key.text());
    if (cached != null && isServable(cached, policy)) {
      metrics.l1Hit();
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

  private Served fromStoreOrPrimer(Key key, Primer primer, Freshness policy, CachedEntry cached) {
    if (policy.alwaysFresh()) {
      metrics.miss();
      return new Served(runner.run(key, primer, currentVersion(key)), Served.Outcome.MISS);
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

  /** Recomputes a key from a read that starts now, whatever is cached or being computed (a refresh). */
  public CachedEntry refresh(Key key, Primer primer) {
    return runner.refresh(key, primer);
  }

  /** The context a primer computes (or augments) the key in. */
  public dev.kck.product.PrimerContext contextFor(Key key) {
    return runner.contextFor(key);
  }

  /** This instance's L1 copy of the key, if it holds one: no round trip. */
  public Optional<CachedEntry> local(String key) {
    return Optional.ofNullable(l1.get(key));
  }

  /** The entry as this instance has it, without computing: L1, else the store. */
  public Optional<CachedEntry> peek(String key) {
    return local(key).or(() -> store.get(key).map(CachedEntry::of));
  }

  private Served answer(Key key, Primer primer, CachedEntry entry) {
    Staleness staleness = Staleness.of(entry.modified(), primer.spec().freshness(), clock.instant());
    if (staleness == Staleness.FRESH) {
      return new Served(entry, Served.Outcome.HIT);
    }
    metrics.staleServe();
    staleKeys.accept(key);
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

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean isServable(CachedEntry entry, Freshness policy) {
    Staleness staleness = Staleness.of(entry.modified(), policy, clock.instant());
    return staleness == Staleness.FRESH || staleness == Staleness.STALE;
  }

  private long currentVersion(Key key) {
    return store.get(key.text()).map(StoredEntry::version).orElse(0L);
  }
}
