package dev.kck.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The cache's meters: hits by tier, misses, stale serves, primer runs and their durations, L1 size. */
public final class CacheMetrics {
  private final MeterRegistry registry;
  private final Counter l1Hits;
  private final Counter l2Hits;
  private final Counter misses;
  private final Counter staleServes;

  /** Registers the meters, the L1's size among them. */
  public CacheMetrics(MeterRegistry registry, L1Cache l1) {
    this.registry = registry;
    this.l1Hits = Counter.builder("kck.cache.hits").tag("tier", "l1").description("Fetches answered from the L1").register(registry);
    this.l2Hits = Counter.builder("kck.cache.hits").tag("tier", "l2").description("Fetches answered from the cache store").register(registry);
    this.misses = Counter.builder("kck.cache.misses").description("Fetches that needed a primer run").register(registry);
    this.staleServes = Counter.builder("kck.cache.stale").description("Stale values served").register(registry);
    Gauge.builder("kck.l1.entries", l1, L1Cache::size).description("Entries in the L1").register(registry);
    Gauge.builder("kck.l1.bytes", l1, L1Cache::weightedSize).baseUnit("bytes").description("Bytes held by the L1").register(registry);
  }

  void l1Hit() {
    l1Hits.increment();
  }

  void l2Hit() {
    l2Hits.increment();
  }

  void miss() {
    misses.increment();
  }

  void staleServe() {
    staleServes.increment();
  }

  void primerRun(String product, String outcome, Duration took) {
    Timer.builder("kck.primer.runs")
        .description("Primer runs and their durations")
        .tag("product", product)
        .tag("outcome", outcome)
        .register(registry)
        .record(took);
  }
}
