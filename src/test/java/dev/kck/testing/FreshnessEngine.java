package dev.kck.testing;

import dev.kck.augment.Augmenter;
import dev.kck.cache.CacheMetrics;
import dev.kck.cache.Fetcher;
import dev.kck.cache.L1Cache;
import dev.kck.cache.L1Follower;
import dev.kck.cache.PrimerContexts;
import dev.kck.cache.PrimerLeases;
import dev.kck.cache.PrimerPool;
import dev.kck.cache.PrimerRunner;
import dev.kck.cache.Served;
import dev.kck.cache.Staleness;
import dev.kck.cache.ValueCodec;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.refresh.DomainKeys;
import dev.kck.refresh.NewVersions;
import dev.kck.refresh.NoticeListener;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.refresh.RefreshWorkers;
import dev.kck.refresh.Schedules;
import dev.kck.refresh.StaleRequests;
import dev.kck.store.CacheStore;
import dev.kck.store.memory.MemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One instance's freshness engine, wired as {@code App} wires it, with nothing real around it: a
 * memory store on a fake clock, notices within the JVM, no threads doing work on their own (the
 * test works the refresh queue with {@link #refreshDue}) and no database (the primers are Java).
 * {@link #another} is a second instance of the same cluster: same store, clock and notices.
 */
public final class FreshnessEngine implements AutoCloseable {
  public static final Duration LEASE = Duration.ofSeconds(30);

  public final MutableClock clock;
  public final CacheStore store;
  public final LocalNotices notices;
  public final ProductRegistry products;
  public final L1Cache l1;
  public final Fetcher fetcher;
  public final RefreshPlanner planner;
  public final RefreshWorkers workers;
  public final DomainKeys domains;
  public final Schedules schedules;
  public final Augmenter augmenter;
  private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();
  private final PrimerPool primers = new PrimerPool(4, Duration.ofSeconds(30));

  private FreshnessEngine(MutableClock clock, CacheStore store, LocalNotices notices, ProductRegistry products,
      String instance) {
    this.clock = clock;
    this.store = store;
    this.notices = notices;
    this.products = products;
    this.l1 = new L1Cache(64L << 20, clock,
        entry -> Staleness.servableUntil(entry.modified(), products.freshnessOf(entry.key())));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CacheMetrics metrics = new CacheMetrics(meters, l1);
    this.planner = new RefreshPlanner(products, store.index(), store.catalog(), store.queue(), notices);
    NewVersions versions = new NewVersions(l1, notices, planner, products);
    StaleRequests stale = new StaleRequests(planner, LEASE);
    PrimerRunner runner = new PrimerRunner(store.entries(), new PrimerLeases(store.leases(), instance, LEASE, renewer),
        l1, clock, metrics, versions, primers, new ValueCodec(16L << 20));
    this.fetcher = new Fetcher(store.entries(), l1, runner, new PrimerContexts(null, products, store.index()), metrics,
        clock, stale);
    this.workers = new RefreshWorkers(store, fetcher, products, notices, instance, LEASE, 1);
    this.domains = new DomainKeys(products, fetcher, null);
    this.schedules = new Schedules(products, store, planner, domains, clock, meters, instance);
    this.augmenter = new Augmenter(products, store.entries(), fetcher, clock, versions, meters,
        new ValueCodec(16L << 20));
    NoticeListener.listen(notices, new L1Follower(l1, store.entries(), Runnable::run), stale, workers);
  }

  /** An engine serving these primers, alone in its cluster. */
  public static FreshnessEngine of(Primer... primers) {
    MutableClock clock = MutableClock.atFixedStart();
    return new FreshnessEngine(clock, MemoryStore.open(clock), new LocalNotices(),
        new ProductRegistry(List.of(primers)), "instance-a");
  }

  /** A second instance of this engine's cluster. */
  public FreshnessEngine another() {
    return new FreshnessEngine(clock, store, notices, products, "instance-b");
  }

  /** A fetch of the key, as {@code GET /fetch} makes it (authorisation aside). */
  public Served fetch(String key) {
    var parsed = products.parse(key);
    return fetcher.fetch(parsed, products.get(parsed.product()));
  }

  /** Works through the refresh queue as a worker would; returns how many requests it took. */
  public int refreshDue() {
    return workers.refreshDue();
  }

  public void advance(Duration duration) {
    clock.advance(duration);
  }

  @Override
  public void close() {
    renewer.shutdownNow();
    primers.close();
  }
}
