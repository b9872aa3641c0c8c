package dev.kck;

import dev.kck.auth.Authenticator;
import dev.kck.cache.CacheStore;
import dev.kck.cache.CacheStores;
import dev.kck.cache.Fetcher;
import dev.kck.cache.L1Cache;
import dev.kck.cache.Staleness;
import dev.kck.config.KckConfig;
import dev.kck.definition.Definitions;
import dev.kck.http.FetchService;
import dev.kck.http.HttpServer;
import dev.kck.product.Freshness;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.refresh.AfterUpdate;
import dev.kck.refresh.Augmenter;
import dev.kck.refresh.BootPriming;
import dev.kck.refresh.Change;
import dev.kck.refresh.ChangeFeed;
import dev.kck.refresh.NewVersions;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.refresh.RefreshWorkers;
import dev.kck.refresh.Schedules;
import dev.kck.refresh.StaleRequests;
import dev.kck.source.Source;
import dev.kck.update.UpdateService;
import dev.kck.update.UpdaterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires every part with plain constructors, in dependency order, and closes
 * them in reverse. {@code main} and every integration test build the app the same way.
 */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final String instanceId = UUID.randomUUID().toString();
  private HttpServer http;

  private App() {}

  /** Checks the configuration, then starts every part and the HTTP server. */
  public static App start(KckConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static App start(KckConfig config, Clock clock) {
    Definitions checked = Definitions.load(config.products(), config.updaters(), config.plugins());
    App app = new App();
    try {
      app.wire(config, checked, clock);
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  private void wire(KckConfig config, Definitions checked, Clock clock) {
    ProductRegistry registry = checked.products();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    JvmGcMetrics gcMetrics = new JvmGcMetrics(); // live data after GC: the heap figure a soak watches
    gcMetrics.bindTo(metrics);
    closeables.push(gcMetrics::close);
    new JvmThreadMetrics().bindTo(metrics);
    closeables.push(metrics::close);
    Source source = remember(Source.open(config.source()));
    CacheStore store = remember(CacheStores.open(config.cache(), () -> remember(source.newPool("kck-cache-store", 8)), clock));
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, named("kck-scheduler"));
    closeables.push(scheduler::shutdownNow);
    ChangeFeed feed = remember(new ChangeFeed(source.dataSource(), source.newPool("kck-change-feed", 1)));
    L1Cache l1 = new L1Cache(config.cache().l1MaxBytes(), clock,
        entry -> Staleness.servableUntil(entry.modified(), policyOf(registry, entry.key())));
    RefreshPlanner planner = new RefreshPlanner(registry, store, feed);
    StaleRequests stale = new StaleRequests(planner, config.refresh().lease());
    NewVersions newVersions = new NewVersions(l1, feed, planner, registry);
    Fetcher fetcher = new Fetcher(new Fetcher.Parts(store, l1, clock, instanceId, config.refresh().lease(), scheduler,
        metrics, source.dataSource(), registry, newVersions, stale::request));
    RefreshWorkers workers = remember(new RefreshWorkers(store, fetcher, registry, instanceId,
        config.refresh().lease(), config.refresh().workers(),
        key -> feed.publish(new Change(Change.Kind.DELETED, key, 0))));
    listen(feed, l1, stale, workers);
    Authenticator authenticator = remember(new Authenticator(config.auth(), clock, metrics));
    UpdateService updates = new UpdateService(checked.updaters(), source.dataSource(), authenticator);
    Augmenter augmenter = new Augmenter(registry, store, fetcher, clock, newVersions, metrics);
    Map<String, Runnable> dependencies = new LinkedHashMap<>();
    dependencies.put("source", source::ping);
    dependencies.put("cache_store", store::ping);
    http = remember(HttpServer.start(new HttpServer.Parts(config.server(), registry,
        new FetchService(registry, fetcher, authenticator), authenticator, metrics, dependencies, started::get, clock,
        fetcher, store, feed, planner, updates, new AfterUpdate(augmenter, planner), scheduler)));
    feed.start();
    workers.start();
    new Schedules(registry, store, planner, instanceId).start(scheduler);
    int primed = new BootPriming(registry, fetcher, source.dataSource()).run();
    started.set(true);
    log.info("KCK serving {} products on port {} (cache store: {}, {} keys primed at boot, instance {})",
        registry.all().size(), http.port(), store.backend(), primed, instanceId);
  }

  /** What this instance does with the cluster's change notices. */
  private static void listen(ChangeFeed feed, L1Cache l1, StaleRequests stale, RefreshWorkers workers) {
    feed.onChange(change -> {
      switch (change.kind()) {
        case NEW_VERSION -> {
          l1.invalidateOlderThan(change.key(), change.version());
          stale.done(change.key());
        }
        case DELETED -> l1.invalidate(change.key());
        case REFRESH_QUEUED -> workers.wakeUp();
      }
    });
    feed.onResync(l1::clear);
  }

  private static Freshness policyOf(ProductRegistry registry, String key) {
    int slash = key.indexOf('/');
    String product = slash < 0 ? key : key.substring(0, slash);
    return registry.find(product).map(Primer::spec).map(spec -> spec.freshness()).orElse(Freshness.DEFAULT);
  }

  private <T extends AutoCloseable> T remember(T closeable) {
    closeables.push(closeable);
    return closeable;
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The port the HTTP server listens on (useful with port 0). */
  public int port() {
    return http.port();
  }

  public String instanceId() {
    return instanceId;
  }

  /** Stops HTTP first (draining in-flight requests), then everything else in reverse order. */
  @Override
  public void close() {
    while (!closeables.isEmpty()) {
      AutoCloseable closeable = closeables.pop();
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("Error while stopping {}", closeable, e);
      }
    }
  }
}
