package dev.kck.refresh;

import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.store.CacheStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic jobs: every {@code refresh_every}, the cached keys of a product are queued for refresh.
 * Every instance schedules each job; a lease in the store lets one of them run each due round.
 * A failing round is logged and the next one runs as planned: the scheduler never stops. It
 * remembers when each product's last round came due here and when the next one will, for
 * operators.
 */
public final class Schedules {
  private static final Logger log = LoggerFactory.getLogger(Schedules.class);

  private final ProductRegistry registry;
  private final CacheStore store;
  private final RefreshPlanner planner;
  private final String owner;
  private final Clock clock;
  private final Map<String, Instant> lastRounds = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> nextRounds = new ConcurrentHashMap<>();

  public Schedules(ProductRegistry registry, CacheStore store, RefreshPlanner planner, String owner, Clock clock) {
    this.registry = registry;
    this.store = store;
    this.planner = planner;
    this.owner = owner;
    this.clock = clock;
  }

  public void start(ScheduledExecutorService scheduler) {
    for (Primer primer : registry.all()) {
      Duration every = primer.spec().freshness().refreshEvery();
      if (every != null) {
        nextRounds.put(primer.spec().name(), scheduler.scheduleAtFixedRate(() -> runRound(primer.spec(), every),
            every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
      }
    }
  }

  /** One round of a product's refresh_every job, if no other instance took this round. */
  public void runRound(ProductSpec spec, Duration every) {
    // Due on every instance at about the same time; one of them queues the keys.
    lastRounds.put(spec.name(), clock.instant());
    try {
      // The lease outlives most of the period, so the other instances' timers for this round find it taken.
      if (store.leases().take("schedule:" + spec.name(), owner, every.multipliedBy(8).dividedBy(10))) {
        planner.request(store.index().keysOf(spec.name(), RefreshPlanner.MAX_KEYS_PER_PRODUCT));
      }
    } catch (RuntimeException e) {
      log.warn("refresh_every round of {} failed; the next round runs as planned: {}", spec.name(), e.getMessage());
    }
  }

  /** When the product's last scheduled round came due, if one has since this instance started. */
  public Optional<Instant> lastRound(String product) {
    return Optional.ofNullable(lastRounds.get(product));
  }

  /** When the product's next scheduled round comes due; empty when it has no {@code refresh_every}. */
  public Optional<Instant> nextRound(String product) {
    ScheduledFuture<?> next = nextRounds.get(product);
    return next == null || next.isDone()
        ? Optional.empty()
        : Optional.of(clock.instant().plusMillis(Math.max(0, next.getDelay(TimeUnit.MILLISECONDS))));
  }
}
