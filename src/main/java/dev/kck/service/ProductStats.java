package dev.kck.service;

import dev.kck.augment.Augmenter;
import dev.kck.cache.CacheMetrics;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.refresh.Schedules;
import dev.kck.store.KeyCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per product, what {@code GET /admin/products} shows: the cached keys (from the store, so
 * cluster-wide) and this instance's counters, read from the meters the cache and the augmenter
 * already keep (never counted a second time), and the schedule's last and next rounds.
 */
final class ProductStats {
  private final ProductRegistry registry;
  private final KeyCatalog catalog;
  private final MeterRegistry meters;
  private final Schedules schedules;

  ProductStats(ProductRegistry registry, KeyCatalog catalog, MeterRegistry meters, Schedules schedules) {
    this.registry = registry;
    this.catalog = catalog;
    this.meters = meters;
    this.schedules = schedules;
  }

  /**
   * One product's numbers. Counters are cumulative since this instance started; the primer
   * percentiles (successful runs) cover about the last two minutes and are null before any run.
   */
  public record Row(String name, long keys, long hits, long misses, long stale_serves, long primer_runs,
      long primer_failures, Double primer_p50_ms, Double primer_p99_ms, long augmentations,
      Instant last_refresh, Instant next_refresh) {}

  List<Row> all() {
    return registry.all().stream()
        .map(Primer::spec)
        .sorted(Comparator.comparing(spec -> spec.name()))
        .map(spec -> row(spec.name()))
        .toList();
  }

  private Row row(String name) {
    Collection<Timer> ok = meters.find(CacheMetrics.PRIMER_RUNS).tag("product", name).tag("outcome", "ok").timers();
    long runs = timerCount(meters.find(CacheMetrics.PRIMER_RUNS).tag("product", name).timers());
    long failures = timerCount(meters.find(CacheMetrics.PRIMER_RUNS).tag("product", name).tag("outcome", "error").timers());
    long augmented = timerCount(meters.find(Augmenter.RUNS).tag("product", name).tag("outcome", "applied").timers());
    return new Row(name, catalog.count(name), counted(CacheMetrics.HITS, name), counted(CacheMetrics.MISSES, name),
        counted(CacheMetrics.STALE, name), runs, failures, percentileMillis(ok, 0.5), percentileMillis(ok, 0.99),
        augmented, schedules.lastRound(name).orElse(null), schedules.nextRound(name).orElse(null));
  }

  private long counted(String meter, String product) {
    return (long) meters.find(meter).tag("product", product).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static long timerCount(Collection<Timer> timers) {
    return timers.stream().mapToLong(Timer::count).sum();
  }

  /** The percentile of the (one) timer of successful runs, in milliseconds; null before any run. */
  private static Double percentileMillis(Collection<Timer> timers, double percentile) {
    for (Timer timer : timers) {
      if (timer.count() == 0) {
        continue;
      }
      for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
        if (value.percentile() == percentile) {
          return Math.round(value.value(TimeUnit.MILLISECONDS) * 100) / 100.0;
        }
      }
    }
    return null;
  }
}
