package dev.kck.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The cache's meters: hits by tier, misses, stale serves and primer runs with their durations,
 * each by product, and the L1's size. The admin API reads its per-product counters from these
 * meters, so what {@code /metrics} exports and what {@code /admin/products} shows never disagree.
 */
public final class CacheMetrics {
  public static final String HITS = "kck.cache.hits";
  public static final String MISSES = "kck.cache.misses";
  public static final String STALE = "kck.cache.stale";
  public static final String PRIMER_RUNS = "kck.primer.runs";

  private final MeterRegistry registry;
  // One lookup per fetch on the hot path: the meters of a product are built once.
  private final ConcurrentMap<String, ProductMeters> products = new ConcurrentHashMap<>();

  private record ProductMeters(Counter l1Hits, Counter l2Hits, Counter misses, Counter staleServes) {}

  /** Registers the meters, the L1's size among them. */
  public CacheMetrics(MeterRegistry registry, L1Cache l1) {
    this.registry = registry;
    Gauge.builder("kck.l1.entries", l1, L1Cache::size).description("Entries in the L1").register(registry);
    Gauge.builder("kck.l1.bytes", l1, L1Cache::weightedSize).baseUnit("bytes").description("Bytes held by the L1").register(registry);
  }

  /** Registers the counters of these products now, so that they are exported (at zero) before their first fetch. */
  public void registerProducts(Iterable<String> names) {
    names.forEach(this::meters);
  }

  void l1Hit(String product) {
    meters(product).l1Hits().increment();
  }

  void l2Hit(String product) {
    meters(product).l2Hits().increment();
  }

  void miss(String product) {
    meters(product).misses().increment();
  }

  void staleServe(String product) {
    meters(product).staleServes().increment();
  }

  /** Percentiles are published (a two-minute decaying window) for the admin API's p50 and p99. */
  void primerRun(String product, String outcome, Duration took) {
    Timer.builder(PRIMER_RUNS)
        .description("Primer runs and their durations")
        .tag("product", product)
        .tag("outcome", outcome)
        .publishPercentiles(0.5, 0.99)
        .register(registry)
        .record(took);
  }

  private ProductMeters meters(String product) {
    // get first: computeIfAbsent locks the map's bin whenever the key is not its first node.
    ProductMeters known = products.get(product);
    return known != null ? known : products.computeIfAbsent(product, name -> new ProductMeters(
        Counter.builder(HITS).tag("tier", "l1").tag("product", name).description("Fetches answered from the L1").register(registry),
        Counter.builder(HITS).tag("tier", "l2").tag("product", name).description("Fetches answered from the cache store").register(registry),
        Counter.builder(MISSES).tag("product", name).description("Fetches that needed a primer run").register(registry),
        Counter.builder(STALE).tag("product", name).description("Stale values served").register(registry)));
  }
}
