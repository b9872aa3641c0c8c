package dev.kck;

import dev.kck.cache.CacheMetrics;
import dev.kck.cache.Fetcher;
import dev.kck.cache.L1Cache;
import dev.kck.cache.KeyUses;
import dev.kck.cache.L1Follower;
import dev.kck.cache.OriginRecorder;
import dev.kck.cache.PrimerContexts;
import dev.kck.cache.PrimerLeases;
import dev.kck.cache.PrimerPool;
import dev.kck.cache.PrimerRunner;
import dev.kck.cache.Staleness;
import dev.kck.cache.ValueCodec;
import dev.kck.cache.VersionListener;
import dev.kck.kernel.Threads;
import dev.kck.product.ProductRegistry;
import dev.kck.refresh.DomainKeys;
import dev.kck.refresh.NewVersions;
import dev.kck.refresh.NoticeListener;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.refresh.RefreshWorkers;
import dev.kck.refresh.Schedules;
import dev.kck.refresh.StaleRequests;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The read path (the L1, primer runs under leases on a bounded pool, the fetcher) and what keeps
 * it fresh (the planner, the new-version fan-out, the refresh queue's workers, the L1 follower of
 * other instances' versions, the reading of domains, the {@code refresh_every}, {@code domain_every}
 * and key bound schedules, the record of which keys were used). The workers and schedules are built here but started by {@link App}, after the use
 * cases exist.
 */
record ReadPath(
    L1Cache l1, Fetcher fetcher, VersionListener versions, ValueCodec values, RefreshPlanner planner,
    RefreshWorkers workers, DomainKeys domains, Schedules schedules, KeyUses uses) {

  private static final int REFILL_QUEUE = 10_000;

  static ReadPath build(Core core, Hooks hooks) {
    var config = core.config();
    var store = core.store();
    ProductRegistry products = core.products();
    L1Cache l1 = new L1Cache(config.cache().l1MaxBytes(), core.clock(),
        entry -> Staleness.servableUntil(entry.modified(), products.freshnessOf(entry.key())));
    CacheMetrics cacheMetrics = new CacheMetrics(core.metrics(), l1);
    cacheMetrics.registerProducts(products.all().stream().map(primer -> primer.spec().name()).toList());
    RefreshPlanner planner = new RefreshPlanner(products, store.index(), store.catalog(), store.queue(), core.notices());
    VersionListener versions = hooks.versions(new NewVersions(l1, core.notices(), planner, products));
    StaleRequests stale = new StaleRequests(planner, config.refresh().lease());
    PrimerLeases leases = core.lifecycle().started("primer leases", new PrimerLeases(store.leases(),
        core.instanceId(), config.refresh().lease(), core.scheduler()), PrimerLeases::releaseAll);
    ValueCodec values = new ValueCodec(config.cache().maxValueBytes());
    PrimerPool pool = core.lifecycle().started("primer pool", new PrimerPool(config.cache().maxPrimerRuns(),
        config.source().statementTimeout().plusSeconds(5)));
    PrimerRunner runner =
        new PrimerRunner(store.entries(), leases, l1, core.clock(), cacheMetrics, versions, pool, values,
            new OriginRecorder(store.origins(), core.instanceId()));
    Fetcher fetcher = new Fetcher(store.entries(), l1, runner,
        new PrimerContexts(core.source().dataSource(), products, store.index()), cacheMetrics, core.clock(), stale);
    RefreshWorkers workers = core.lifecycle().started("refresh workers", new RefreshWorkers(store, fetcher,
        products, hooks.notices(core.notices()), core.instanceId(), config.refresh().lease(), config.refresh().workers()));
    NoticeListener.listen(core.notices(), new L1Follower(l1, store.entries(), refills(core)), stale, workers);
    DomainKeys domains = new DomainKeys(products, fetcher, core.source().dataSource());
    Schedules schedules = new Schedules(products, store, planner, domains, core.clock(), core.metrics(),
        core.instanceId(), config.cache().keyBounds());
    KeyUses uses = new KeyUses(l1, store.index(), core.clock());
    return new ReadPath(l1, fetcher, versions, values, planner, workers, domains, schedules, uses);
  }

  /** The pool that reads new versions made elsewhere into the L1: one thread, a bounded queue, excess dropped. */
  private static ThreadPoolExecutor refills(Core core) {
    ThreadPoolExecutor refills = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(REFILL_QUEUE), Threads.named("kck-l1-refill"), new ThreadPoolExecutor.AbortPolicy());
    return Core.stoppedWithGrace(core.lifecycle(), "L1 refills", refills);
  }
}
