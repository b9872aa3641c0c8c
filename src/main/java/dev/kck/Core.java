package dev.kck;

import dev.kck.cluster.ChangeFeed;
import dev.kck.config.KckConfig;
import dev.kck.definition.Definitions;
import dev.kck.kernel.Lifecycle;
import dev.kck.kernel.Threads;
import dev.kck.product.ProductRegistry;
import dev.kck.source.Source;
import dev.kck.store.CacheStore;
import dev.kck.store.cassandra.CassandraStore;
import dev.kck.store.memory.MemoryStore;
import dev.kck.store.postgres.PostgresStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every other part is built on, started first and stopped last: the configuration and
 * definitions, the clock, metrics, the source database, the cache store, the cluster's notices
 * and the shared scheduler. The wiring classes of this package ({@link ReadPath}, {@link
 * UpdatePath}, {@link App}) take it whole rather than ten arguments each.
 */
record Core(
    KckConfig config,
    Definitions definitions,
    Clock clock,
    Lifecycle lifecycle,
    String instanceId,
    PrometheusMeterRegistry metrics,
    Source source,
    CacheStore store,
    ChangeFeed notices,
    ScheduledExecutorService scheduler) {

  /** How long a stopping pool of KCK's own gets to finish what it runs. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);
  /** The statement timeout of KCK's own small pools (notices): their statements are instant. */
  private static final Duration NOTICE_STATEMENT_TIMEOUT = Duration.ofSeconds(5);

  /** Starts metrics, the source, the store, the notices and the scheduler, each registered to stop. */
  static Core start(KckConfig config, Definitions definitions, Clock clock, Lifecycle lifecycle, String instanceId) {
    PrometheusMeterRegistry metrics = startMetrics(lifecycle);
    Source source = lifecycle.started("source database", Source.open(config.source(), metrics));
    CacheStore store = lifecycle.started("cache store", openStore(config, source, clock, lifecycle));
    ChangeFeed notices = lifecycle.started("change feed", new ChangeFeed(
        source.newPool("kck-notices", 2, NOTICE_STATEMENT_TIMEOUT),
        source.newPool("kck-change-feed", 1, NOTICE_STATEMENT_TIMEOUT)));
    ScheduledExecutorService scheduler = stoppedWithGrace(lifecycle, "scheduler", Threads.scheduler("kck-scheduler", 2));
    return new Core(config, definitions, clock, lifecycle, instanceId, metrics, source, store, notices, scheduler);
  }

  ProductRegistry products() {
    return definitions.products();
  }

  /** Registers a pool of KCK's own to be stopped, waiting up to {@link #STOP_GRACE}. */
  static <E extends ExecutorService> E stoppedWithGrace(Lifecycle lifecycle, String name, E executor) {
    return lifecycle.started(name, executor, started -> Threads.stop(started, STOP_GRACE));
  }

  private static PrometheusMeterRegistry startMetrics(Lifecycle lifecycle) {
    PrometheusMeterRegistry registry =
        lifecycle.started("metrics", new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), MeterRegistry::close);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    JvmGcMetrics gc = lifecycle.started("GC metrics", new JvmGcMetrics()); // live data after GC: what a soak watches
    gc.bindTo(registry);
    return registry;
  }

  private static CacheStore openStore(KckConfig config, Source source, Clock clock, Lifecycle lifecycle) {
    return switch (config.cache().backend()) {
      case "memory" -> MemoryStore.open(clock);
      case "postgres" -> PostgresStore.open(lifecycle.started("cache store pool",
          source.newPool("kck-cache-store", 8, config.cache().statementTimeout())));
      case "cassandra" -> CassandraStore.open(config.cache().cassandra(), clock, CassandraStore.STARTUP_WAIT,
          config.cache().statementTimeout());
      default -> throw new IllegalArgumentException("unknown cache backend '" + config.cache().backend() + "'");
    };
  }
}
