package dev.kck;

import dev.kck.auth.Authenticator;
import dev.kck.config.KckConfig;
import dev.kck.definition.Definitions;
import dev.kck.http.HttpServer;
import dev.kck.kernel.Lifecycle;
import dev.kck.kernel.Threads;
import dev.kck.live.Subscriptions;
import dev.kck.product.ProductRegistry;
import dev.kck.refresh.BootPriming;
import dev.kck.service.AdminService;
import dev.kck.service.FetchService;
import dev.kck.service.Health;
import dev.kck.service.KeyAccess;
import dev.kck.service.KeyVersions;
import dev.kck.service.OperationsGauges;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root. Wiring lives in this package only, in the order things start: the {@link
 * Core} (metrics, the source database, the cache store, the cluster notices, the scheduler), the
 * {@link ReadPath} (L1, primer runs, the refresh machinery), the authenticator, the use cases
 * ({@link UpdatePath} for updates); then the background work (the change feed, refresh workers,
 * schedules), the HTTP server, and the boot priming, after which the instance reports ready. It
 * stops in reverse order: live streams, then HTTP (in-flight requests finish), the source last.
 * {@code main} and every integration test build the app the same way.
 */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);
  private static final int BATCH_THREADS = 8;

  private final KckConfig config;
  private final Lifecycle lifecycle = new Lifecycle();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final String instanceId = UUID.randomUUID().toString();
  private HttpServer http;

  private App(KckConfig config) {
    this.config = config;
  }

  /** Checks the configuration, then starts every part and the HTTP server. */
  public static App start(KckConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static App start(KckConfig config, Clock clock) {
    Definitions definitions = Definitions.load(config.products(), config.updaters(), config.plugins());
    App app = new App(config);
    try {
      app.wire(definitions, clock);
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  private void wire(Definitions definitions, Clock clock) {
    Core core = Core.start(config, definitions, clock, lifecycle, instanceId);
    Hooks hooks = Hooks.start(core);
    ReadPath read = ReadPath.build(core, hooks);
    Authenticator authenticator =
        lifecycle.started("authenticator", new Authenticator(config.auth(), clock, core.metrics()));
    HttpServer.Api api = useCases(core, read, hooks, authenticator, subscriptions(core, read));
    core.notices().start();
    read.workers().start();
    hooks.startSending();
    read.schedules().start(core.scheduler());
    read.uses().start(core.scheduler(), config.cache().keyBounds().usesFlush());
    http = lifecycle.started("HTTP server", HttpServer.start(config.server(), api));
    AdminPath.startHeartbeat(core, http.port());
    // Stops before the HTTP server, whose drain would otherwise wait on every open stream.
    lifecycle.started("live streams", api.subscriptions(), Subscriptions::closeAll);
    int primed = new BootPriming(core.products(), read.fetcher(), read.domains()).run();
    ready.set(true);
    log.info("KCK serving {} products on port {} (cache store: {}, {} keys primed at boot, instance {})",
        core.products().all().size(), http.port(), core.store().backend(), primed, instanceId);
  }

  /** {@code /subscribe} streams and long polls, fed by the cluster's notices, on their own threads. */
  private Subscriptions subscriptions(Core core, ReadPath read) {
    Subscriptions subscriptions = lifecycle.started("live threads",
        Subscriptions.start(read.fetcher(), config.live(), core.clock(), core.metrics()));
    core.notices().onChange(subscriptions::changed);
    core.notices().onResync(subscriptions::resync);
    return subscriptions;
  }

  /** One facade per use case, as the HTTP API calls them. */
  private HttpServer.Api useCases(Core core, ReadPath read, Hooks hooks, Authenticator authenticator,
      Subscriptions subscriptions) {
    ProductRegistry products = core.products();
    KeyVersions keyVersions = new KeyVersions(core.store().entries(), read.fetcher(), products);
    KeyAccess access = new KeyAccess(products, authenticator);
    Map<String, Runnable> dependencies = new LinkedHashMap<>();
    dependencies.put("source", core.source()::ping);
    dependencies.put("cache_store", core.store()::ping);
    OperationsGauges.register(core.metrics(), core.store().queueInspection(), dependencies, core.clock());
    AdminPath admin = AdminPath.build(core, read, authenticator);
    return new HttpServer.Api(
        new FetchService(products, read.fetcher(), access, batchFetches()),
        UpdatePath.build(core, read, hooks, authenticator, keyVersions, access),
        new AdminService(products, authenticator, core.store().entries(), keyVersions, hooks.notices(core.notices()),
            read.planner()),
        admin.insight(), admin.warming(),
        new Health(dependencies, ready::get),
        products, authenticator, subscriptions, core.metrics(), core.clock());
  }

  /**
   * Where the keys of batch fetches run: a few threads shared by every batch (a miss waits for a
   * primer thread anyway), the request's own thread taking over when they are all busy.
   */
  private ThreadPoolExecutor batchFetches() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(BATCH_THREADS, BATCH_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(BATCH_THREADS), Threads.named("kck-batch"), new ThreadPoolExecutor.CallerRunsPolicy());
    pool.allowCoreThreadTimeOut(true);
    return Core.stoppedWithGrace(lifecycle, "batch fetches", pool);
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
