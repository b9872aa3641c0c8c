package dev.kck;

import dev.kck.augment.Augmenter;
import dev.kck.auth.Authenticator;
import dev.kck.cache.CacheMetrics;
import dev.kck.cache.Fetcher;
import dev.kck.cache.L1Cache;
import dev.kck.cache.L1Follower;
import dev.kck.cache.PrimerContexts;
import dev.kck.cache.PrimerLeases;
import dev.kck.cache.PrimerPool;
import dev.kck.cache.PrimerRunner;
import dev.kck.cache.Staleness;
import dev.kck.cache.ValueCodec;
import dev.kck.cluster.ChangeFeed;
import dev.kck.config.KckConfig;
import dev.kck.definition.Definitions;
import dev.kck.http.HttpServer;
import dev.kck.journal.IdempotencyKeys;
import dev.kck.journal.JournalSchema;
import dev.kck.journal.Outbox;
import dev.kck.kernel.Lifecycle;
import dev.kck.kernel.Threads;
import dev.kck.live.Subscriptions;
import dev.kck.product.ProductRegistry;
import dev.kck.refresh.BootPriming;
import dev.kck.refresh.NewVersions;
import dev.kck.refresh.NoticeListener;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.refresh.RefreshWorkers;
import dev.kck.refresh.Schedules;
import dev.kck.refresh.StaleRequests;
import dev.kck.service.AdminService;
import dev.kck.service.AfterCommit;
import dev.kck.service.FetchService;
import dev.kck.service.Health;
import dev.kck.service.KeyAccess;
import dev.kck.service.KeyVersions;
import dev.kck.service.OutboxRelay;
import dev.kck.service.UpdateService;
import dev.kck.source.Source;
import dev.kck.store.CacheStore;
import dev.kck.store.cassandra.CassandraStore;
import dev.kck.store.memory.MemoryStore;
import dev.kck.store.postgres.PostgresStore;
import dev.kck.update.UpdateRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root, and the only place that wires: every part is built here with plain
 * constructors and started in this order: metrics, the source database, the cache store, the
 * cluster notices, the scheduler, the read path (L1, primer runs), the refresh machinery, the
 * authenticator, the use cases; then the background work (the change feed, refresh workers,
 * schedules), the HTTP server, and the boot priming, after which the instance reports ready. It
 * stops in reverse order: HTTP first (in-flight requests finish), the source last. {@code main}
 * and every integration test build the app the same way.
 */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final int REFILL_QUEUE = 10_000;
  private static final int BATCH_THREADS = 8;
  /** The statement timeout of KCK's own small pools (notices): their statements are instant. */
  private static final Duration NOTICE_STATEMENT_TIMEOUT = Duration.ofSeconds(5);

  private final KckConfig config;
  private final Definitions definitions;
  private final Clock clock;
  private final Lifecycle lifecycle = new Lifecycle();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final String instanceId = UUID.randomUUID().toString();

  private PrometheusMeterRegistry metrics;
  private Source source;
  private CacheStore store;
  private ChangeFeed notices;
  private ScheduledExecutorService scheduler;
  private L1Cache l1;
  private Fetcher fetcher;
  private NewVersions versions;
  private ValueCodec values;
  private RefreshPlanner planner;
  private Authenticator authenticator;
  private HttpServer http;

  private App(KckConfig config, Definitions definitions, Clock clock) {
    this.config = config;
    this.definitions = definitions;
    this.clock = clock;
  }

  /** Checks the configuration, then starts every part and the HTTP server. */
  public static App start(KckConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static App start(KckConfig config, Clock clock) {
    Definitions definitions = Definitions.load(config.products(), config.updaters(), config.plugins());
    App app = new App(config, definitions, clock);
    try {
      app.wire();
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  private void wire() {
    metrics = startMetrics();
    source = lifecycle.started("source database", Source.open(config.source()));
    store = lifecycle.started("cache store", openStore());
    notices = lifecycle.started("change feed",
        new ChangeFeed(source.newPool("kck-notices", 2, NOTICE_STATEMENT_TIMEOUT), source.newPool("kck-change-feed", 1, NOTICE_STATEMENT_TIMEOUT)));
    scheduler = lifecycle.started("scheduler", Threads.scheduler("kck-scheduler", 2),
        executor -> Threads.stop(executor, STOP_GRACE));
    RefreshWorkers workers = startReadAndRefresh();
    authenticator = lifecycle.started("authenticator", new Authenticator(config.auth(), clock, metrics));
    HttpServer.Api api = useCases(subscriptions());
    notices.start();
    workers.start();
    new Schedules(products(), store, planner, instanceId).start(scheduler);
    http = lifecycle.started("HTTP server", HttpServer.start(config.server(), api));
    // Stops before the HTTP server, whose drain would otherwise wait on every open stream.
    lifecycle.started("live streams", api.subscriptions(), Subscriptions::closeAll);
    int primed = new BootPriming(products(), fetcher, source.dataSource()).run();
    ready.set(true);
    log.info("KCK serving {} products on port {} (cache store: {}, {} keys primed at boot, instance {})",
        products().all().size(), http.port(), store.backend(), primed, instanceId);
  }

  private PrometheusMeterRegistry startMetrics() {
    PrometheusMeterRegistry registry =
        lifecycle.started("metrics", new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), MeterRegistry::close);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    JvmGcMetrics gc = lifecycle.started("GC metrics", new JvmGcMetrics()); // live data after GC: what a soak watches
    gc.bindTo(registry);
    return registry;
  }

  private CacheStore openStore() {
    return switch (config.cache().backend()) {
      case "memory" -> MemoryStore.open(clock);
      case "postgres" -> PostgresStore.open(lifecycle.started("cache store pool",
          source.newPool("kck-cache-store", 8, config.cache().statementTimeout())));
      case "cassandra" -> CassandraStore.open(config.cache().cassandra(), clock, CassandraStore.STARTUP_WAIT,
          config.cache().statementTimeout());
      default -> throw new IllegalArgumentException("unknown cache backend '" + config.cache().backend() + "'");
    };
  }

  /** The read path (L1, primer runs) and what keeps it fresh (the planner, the queue's workers). */
  private RefreshWorkers startReadAndRefresh() {
    ProductRegistry products = products();
    l1 = new L1Cache(config.cache().l1MaxBytes(), clock,
        entry -> Staleness.servableUntil(entry.modified(), products.freshnessOf(entry.key())));
    CacheMetrics cacheMetrics = new CacheMetrics(metrics, l1);
    planner = new RefreshPlanner(products, store.index(), store.queue(), notices);
    versions = new NewVersions(l1, notices, planner, products);
    StaleRequests stale = new StaleRequests(planner, config.refresh().lease());
    PrimerLeases leases = lifecycle.started("primer leases",
        new PrimerLeases(store.leases(), instanceId, config.refresh().lease(), scheduler), PrimerLeases::releaseAll);
    values = new ValueCodec(config.cache().maxValueBytes());
    PrimerPool pool = lifecycle.started("primer pool", new PrimerPool(config.cache().maxPrimerRuns(),
        config.source().statementTimeout().plusSeconds(5)));
    PrimerRunner runner = new PrimerRunner(store.entries(), leases, l1, clock, cacheMetrics, versions, pool, values);
    fetcher = new Fetcher(store.entries(), l1, runner, new PrimerContexts(source.dataSource(), products, store.index()),
        cacheMetrics, clock, stale);
    RefreshWorkers workers = lifecycle.started("refresh workers", new RefreshWorkers(store, fetcher, products, notices,
        instanceId, config.refresh().lease(), config.refresh().workers()));
    NoticeListener.listen(notices, new L1Follower(l1, store.entries(), refills()), stale, workers);
    return workers;
  }

  /** The pool that reads new versions made elsewhere into the L1: one thread, a bounded queue, excess dropped. */
  private ThreadPoolExecutor refills() {
    ThreadPoolExecutor refills = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(REFILL_QUEUE), Threads.named("kck-l1-refill"), new ThreadPoolExecutor.AbortPolicy());
    return lifecycle.started("L1 refills", refills, executor -> Threads.stop(executor, STOP_GRACE));
  }

  /**
   * Where the keys of batch fetches run: a few threads shared by every batch (a miss waits for a
   * primer thread anyway), the request's own thread taking over when they are all busy.
   */
  private ThreadPoolExecutor batchFetches() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(BATCH_THREADS, BATCH_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(BATCH_THREADS), Threads.named("kck-batch"), new ThreadPoolExecutor.CallerRunsPolicy());
    pool.allowCoreThreadTimeOut(true);
    return lifecycle.started("batch fetches", pool, executor -> Threads.stop(executor, STOP_GRACE));
  }

  /** {@code /subscribe} streams and long polls, fed by the cluster's notices, on their own threads. */
  private Subscriptions subscriptions() {
    Subscriptions subscriptions = lifecycle.started("live threads",
        Subscriptions.start(fetcher, config.live(), clock, metrics));
    notices.onChange(subscriptions::changed);
    notices.onResync(subscriptions::resync);
    return subscriptions;
  }

  /** One facade per use case, as the HTTP API calls them. */
  private HttpServer.Api useCases(Subscriptions subscriptions) {
    ProductRegistry products = products();
    KeyVersions keyVersions = new KeyVersions(store.entries(), fetcher, products);
    KeyAccess access = new KeyAccess(products, authenticator);
    Map<String, Runnable> dependencies = new LinkedHashMap<>();
    dependencies.put("source", source::ping);
    dependencies.put("cache_store", store::ping);
    return new HttpServer.Api(
        new FetchService(products, fetcher, access, batchFetches()),
        updates(keyVersions, access),
        new AdminService(products, authenticator, store.entries(), keyVersions, notices, planner),
        new Health(dependencies, ready::get),
        products, authenticator, subscriptions, metrics, clock);
  }

  /**
   * The update use case: updates run on the source; their intents go through the outbox, relayed
   * at once and swept on every instance each second for what a failed or dead relay left.
   */
  private UpdateService updates(KeyVersions keyVersions, KeyAccess access) {
    JournalSchema journal = new JournalSchema(source.dataSource());
    Augmenter augmenter = new Augmenter(products(), store.entries(), fetcher, clock, versions, metrics, values);
    Outbox outbox = new Outbox(journal, source.dataSource());
    OutboxRelay relay = new OutboxRelay(outbox, new AfterCommit(augmenter, planner, keyVersions::refreshNow),
        config.refresh().lease());
    scheduler.scheduleWithFixedDelay(relay::sweep, 1, 1, TimeUnit.SECONDS);
    IdempotencyKeys idempotencyKeys = new IdempotencyKeys(journal, source.dataSource(),
        config.source().statementTimeout().multipliedBy(2));
    scheduler.scheduleWithFixedDelay(() -> purgeQuietly(idempotencyKeys), 1, 10, TimeUnit.MINUTES);
    UpdateRunner runner = new UpdateRunner(definitions.updaters(), source.dataSource(), authenticator,
        config.server().limits().maxUpdateCalls());
    return new UpdateService(runner, outbox, idempotencyKeys, relay, keyVersions, access);
  }

  private static void purgeQuietly(IdempotencyKeys keys) {
    try {
      keys.purgeExpired();
    } catch (RuntimeException e) {
      log.debug("Purging expired idempotency keys failed; the next round retries: {}", e.getMessage());
    }
  }

  private ProductRegistry products() {
    return definitions.products();
  }

  /** The port the HTTP server listens on (useful with port 0). */
  public int port() {
    return http.port();
  }

  public String instanceId() {
    return instanceId;
  }

  /** Stops every part, last started first: HTTP (draining in-flight requests) first, the source last. */
  @Override
  public void close() {
    ready.set(false);
    long begun = System.nanoTime();
    log.info("KCK instance {} stopping: requests in flight get up to {} s", instanceId,
        config.server().shutdownGrace().toSeconds());
    lifecycle.close();
    log.info("KCK instance {} stopped in {} ms", instanceId, (System.nanoTime() - begun) / 1_000_000);
  }
}
