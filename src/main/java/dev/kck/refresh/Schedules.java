package dev.kck.refresh;

import dev.kck.config.KckConfig;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.store.CacheStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic jobs, run in rounds: every {@code refresh_every}, the cached keys of a product are queued
 * for refresh; every {@code domain_every}, a product's domain is read again ({@link DomainRound});
 * every {@code cache.key_bounds_every}, a product over its bound of cached keys is trimmed ({@link
 * KeyBounds}).
 * Rounds follow the clock: round n of a job with period p is the time from n·p to (n+1)·p since
 * the epoch, so every instance agrees on which round it is. Every instance looks for a new round a
 * few times a second; a lease named after the round lets one of them run it. A failing round is
 * logged and the next one runs as planned: the scheduler never stops. For operators, it tells when
 * each product's last {@code refresh_every} round began here and when the next one begins.
 */
public final class Schedules {
  private static final Logger log = LoggerFactory.getLogger(Schedules.class);
  /** How often an instance looks for a new round: the most a round starts late. */
  static final Duration TICK = Duration.ofMillis(250);
  /** A round's lease outlives the instants other instances look at it, however skewed their clocks. */
  private static final Duration MIN_ROUND_LEASE = Duration.ofMinutes(1);

  private final ProductRegistry registry;
  private final CacheStore store;
  private final RefreshPlanner planner;
  private final DomainRound domains;
  private final KeyBounds bounds;
  private final Duration boundsEvery;
  private final Clock clock;
  private final MeterRegistry meters;
  private final String owner;
  private final Map<String, Duration> refreshPeriods = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastRounds = new ConcurrentHashMap<>();

  /** What a round does: queue the cached keys for refresh, or read the domain again. */
  private enum Kind {
    REFRESH, DOMAIN, BOUND;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A periodic job of one product; {@code last} is the round this instance looked at last. */
  private record Job(Kind kind, ProductSpec spec, Duration every, long[] last) {}

  public Schedules(ProductRegistry registry, CacheStore store, RefreshPlanner planner, DomainKeys domainKeys,
      Clock clock, MeterRegistry meters, String owner) {
    this(registry, store, planner, domainKeys, clock, meters, owner, KckConfig.KeyBounds.DEFAULTS);
  }

  /** @param keyBounds each product's bound of cached keys, and how often it is enforced */
  public Schedules(ProductRegistry registry, CacheStore store, RefreshPlanner planner, DomainKeys domainKeys,
      Clock clock, MeterRegistry meters, String owner, KckConfig.KeyBounds keyBounds) {
    this.registry = registry;
    this.store = store;
    this.planner = planner;
    Eviction eviction = new Eviction(store.entries(), planner.notices());
    this.domains = new DomainRound(domainKeys, store, planner, eviction);
    this.bounds = new KeyBounds(store.index(), eviction, keyBounds);
    this.boundsEvery = keyBounds.every();
    this.clock = clock;
    this.meters = meters;
    this.owner = owner;
  }

  /** Looks for new rounds from now on; the round under way at start is not run (boot priming covers it). */
  public void start(ScheduledExecutorService scheduler) {
    List<Job> jobs = new ArrayList<>();
    for (Primer primer : registry.all()) {
      ProductSpec spec = primer.spec();
      if (spec.freshness().refreshEvery() != null) {
        jobs.add(job(Kind.REFRESH, spec, spec.freshness().refreshEvery()));
        refreshPeriods.put(spec.name(), spec.freshness().refreshEvery());
      }
      if (spec.domain() != null) {
        jobs.add(job(Kind.DOMAIN, spec, spec.domain().every()));
      }
      jobs.add(job(Kind.BOUND, spec, boundsEvery));
    }
    if (!jobs.isEmpty()) {
      scheduler.scheduleWithFixedDelay(() -> jobs.forEach(this::tick), TICK.toMillis(), TICK.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private Job job(Kind kind, ProductSpec spec, Duration every) {
    return new Job(kind, spec, every, new long[] {roundOf(every)});
  }

  private void tick(Job job) {
    long round = roundOf(job.every());
    if (round != job.last()[0]) {
      job.last()[0] = round;
      if (job.kind() == Kind.REFRESH) {
        lastRounds.put(job.spec().name(), Instant.ofEpochMilli(round * job.every().toMillis()));
      }
      run(job.kind(), job.spec(), job.every(), round);
    }
  }

  /** One round of a product's refresh_every job, now, if no other instance took it: true when this one ran it. */
  public boolean runRound(ProductSpec spec, Duration every) {
    return run(Kind.REFRESH, spec, every, roundOf(every));
  }

  /** One round of a product's key bound, now, if no other instance took it: true when this one ran it. */
  public boolean runBoundRound(ProductSpec spec) {
    return run(Kind.BOUND, spec, boundsEvery, roundOf(boundsEvery));
  }

  /** One round of a product's domain, now, if no other instance took it: true when this one ran it. */
  public boolean runDomainRound(ProductSpec spec) {
    return run(Kind.DOMAIN, spec, spec.domain().every(), roundOf(spec.domain().every()));
  }

  private boolean run(Kind kind, ProductSpec spec, Duration every, long round) {
    String outcome = "failed";
    try {
      Duration lease = every.compareTo(MIN_ROUND_LEASE) > 0 ? every : MIN_ROUND_LEASE;
      if (!store.leases().take("schedule:" + kind.label() + ":" + spec.name() + ":" + round, owner, lease)) {
        outcome = "taken";
        return false;
      }
      work(kind, spec);
      outcome = "ran";
      return true;
    } catch (RuntimeException e) {
      log.warn("{} round of {} failed; the next round runs as planned: {}", kind.label(), spec.name(), e.getMessage());
      return false;
    } finally {
      Counter.builder("kck.schedule.rounds").description("Rounds of periodic jobs this instance looked at")
          .tag("job", kind.label()).tag("product", spec.name()).tag("outcome", outcome).register(meters).increment();
    }
  }

  private void work(Kind kind, ProductSpec spec) {
    if (kind == Kind.BOUND) {
      int evicted = bounds.trim(spec);
      if (evicted > 0) {
        log.info("{} was over its bound of {} cached keys: {} least recently used evicted", spec.name(),
            bounds.boundOf(spec), evicted);
      }
      return;
    }
    if (kind == Kind.DOMAIN) {
      DomainRound.Outcome done = domains.run(spec);
      log.debug("domain round of {}: {} key(s) queued, {} evicted", spec.name(), done.queued(), done.evicted());
      return;
    }
    // Keys that left a product's domain are no longer refreshed on schedule.
    Predicate<String> wanted = spec.domain() == null ? key -> true : domains.domainOf(spec)::contains;
    planner.requestCached(spec.name(), wanted, () -> {});
  }

  /** When the product's last refresh_every round began, if one has since this instance started. */
  public Optional<Instant> lastRound(String product) {
    return Optional.ofNullable(lastRounds.get(product));
  }

  /** When the product's next refresh_every round begins; empty when it has none (or before start). */
  public Optional<Instant> nextRound(String product) {
    Duration every = refreshPeriods.get(product);
    return every == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli((roundOf(every) + 1) * every.toMillis()));
  }

  private long roundOf(Duration every) {
    return Math.floorDiv(clock.millis(), every.toMillis());
  }
}
