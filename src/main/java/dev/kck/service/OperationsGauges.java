package dev.kck.service;

import dev.kck.store.QueueInspection;
import dev.kck.store.QueueInspection.QueueSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What alerts watch beyond the request and cache meters: the durable refresh queue's depth and the
 * age of its oldest request ({@code kck_refresh_queue_depth}, {@code
 * kck_refresh_queue_oldest_age_seconds}), and whether each dependency answers ({@code
 * kck_dependency_up{dependency="source"|"cache_store"}}, 1 or 0). Read when scraped; the queue is
 * looked at once per scrape interval at most, so two gauges cost one store query. A queue that
 * cannot be read reports NaN (the store-down alert says why).
 */
public final class OperationsGauges {
  private static final Duration REUSE = Duration.ofSeconds(2);

  private final QueueInspection queue;
  private final Clock clock;
  private QueueSnapshot last;
  private Instant lastAt = Instant.MIN;

  private OperationsGauges(QueueInspection queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  /** Registers the gauges; {@code dependencies} are named checks that throw when one is down. */
  public static void register(MeterRegistry metrics, QueueInspection queue, Map<String, Runnable> dependencies,
      Clock clock) {
    // Strong references: nothing else holds these gauges' state, and Micrometer's default (a weak
    // reference) made them read NaN after the first collection that took it.
    OperationsGauges gauges = new OperationsGauges(queue, clock);
    Gauge.builder("kck.refresh.queue.depth", gauges, g -> g.snapshot().depth()).strongReference(true)
        .description("Refresh requests pending or claimed, cluster-wide").register(metrics);
    Gauge.builder("kck.refresh.queue.oldest.age.seconds", gauges, OperationsGauges::oldestAgeSeconds)
        .strongReference(true)
        .description("How long the longest-waiting refresh request has waited (0 when the queue is empty)")
        .register(metrics);
    dependencies.forEach((name, check) -> Gauge.builder("kck.dependency.up", check, OperationsGauges::up)
        .strongReference(true).tag("dependency", name)
        .description("1 when the dependency answers, 0 when it does not").register(metrics));
  }

  private synchronized QueueSnapshot snapshot() {
    Instant now = clock.instant();
    if (last == null || now.isAfter(lastAt.plus(REUSE))) {
      last = queue.snapshot(0);
      lastAt = now;
    }
    return last;
  }

  private double oldestAgeSeconds() {
    Instant oldest = snapshot().oldestRequested();
    return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
  }

  private static double up(Runnable check) {
    try {
      check.run();
      return 1;
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
