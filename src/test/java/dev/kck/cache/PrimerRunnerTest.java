package dev.kck.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.cluster.Change;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.product.Access;
import dev.kck.product.Freshness;
import dev.kck.product.Key;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.PrimerContext;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.store.CacheStore;
import dev.kck.store.LeaseStore;
import dev.kck.store.StoredEntry;
import dev.kck.store.memory.MemoryStore;
import dev.kck.testing.FreshnessEngine;
import dev.kck.testing.MutableClock;
import dev.kck.testing.Race;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One primer run per key, through the fetch path of a {@link FreshnessEngine} on a fake clock:
 * concurrent callers share a run (here through the single flight, across instances through the
 * lease), a run's write-back is a compare-and-set, and a primer's failure reaches the caller as the
 * problem it maps to. The threads here are the callers; nothing waits for time to pass: a thread is
 * known to be waiting when its state says so.
 */
class PrimerRunnerTest {
  private static final String KEY = "quote/1";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String LEASE_NAME = "primer:" + KEY;

  @Test
  @Timeout(30)
  void concurrent_fetches_of_a_cold_key_share_one_primer_run() throws Exception {
    int callers = 6;
    List<Thread> racing = new CopyOnWriteArrayList<>();
    HookedPrimer quotes = new HookedPrimer(key -> {
      // Finish only once every caller waits for this run (parked on its result; it runs on a primer thread).
      awaitCount(racing, callers);
      for (Thread caller : racing) {
        awaitParked(caller);
      }
      return Map.of("price", 10);
    });
    try (FreshnessEngine engine = FreshnessEngine.of(quotes)) {
      List<Served> served = Race.run(callers, i -> () -> {
        racing.add(Thread.currentThread());
        return engine.fetch(KEY);
      });

      assertThat(quotes.runs.get()).isEqualTo(1);
      assertThat(served).extracting(Served::outcome).containsOnly(Served.Outcome.MISS);
      assertThat(served).extracting(s -> s.entry().version()).containsOnly(served.get(0).entry().version());
    }
  }

  @Test
  @Timeout(30)
  void concurrent_fetches_on_two_instances_share_one_primer_run() throws Exception {
    List<Thread> racing = new CopyOnWriteArrayList<>();
    HookedPrimer quotes = new HookedPrimer(key -> {
      // The other instance found the lease taken and polls the store for the value.
      awaitCount(racing, 2);
      racing.stream().filter(t -> t != Thread.currentThread()).forEach(t -> awaitState(t, Thread.State.TIMED_WAITING));
      return Map.of("price", 10);
    });
    try (FreshnessEngine a = FreshnessEngine.of(quotes); FreshnessEngine b = a.another()) {
      List<Served> served = Race.run(2, i -> () -> {
        racing.add(Thread.currentThread());
        return (i == 0 ? a : b).fetch(KEY);
      });

      assertThat(quotes.runs.get()).isEqualTo(1);
      assertThat(served.get(0).entry().version()).isEqualTo(served.get(1).entry().version());
    }
  }

  @Test
  void a_value_another_run_wrote_while_this_one_computed_wins() throws IOException {
    try (FreshnessEngine engine = engineWith(key -> "this run")) {
      HookedPrimer quotes = primerOf(engine);
      quotes.compute = key -> {
        // Another run (elsewhere, taking its version after this one's) writes first.
        writeToStore(engine, engine.store.entries().nextVersion(KEY), "\"other run\"");
        return "this run";
      };

      Served served = engine.fetch(KEY);

      assertThat(valueOf(served)).isEqualTo("other run");
      assertThat(storedValue(engine)).isEqualTo("other run");
      assertThat(engine.fetcher.local(KEY)).hasValueSatisfying(held -> assertThat(held.version())
          .isEqualTo(served.entry().version()));
      assertThat(engine.notices.published()).as("the losing run announces no version of its own")
          .noneMatch(change -> change.kind() == Change.Kind.NEW_VERSION && change.key().equals(KEY));
    }
  }

  @Test
  void a_value_from_a_read_older_than_this_run_loses_to_it() throws IOException {
    try (FreshnessEngine engine = engineWith(key -> "this run")) {
      long older = engine.store.entries().nextVersion(KEY); // taken before this run took its own
      primerOf(engine).compute = key -> {
        writeToStore(engine, older, "\"older read\"");
        return "this run";
      };

      Served served = engine.fetch(KEY);

      assertThat(valueOf(served)).isEqualTo("this run");
      assertThat(storedValue(engine)).isEqualTo("this run");
      assertThat(served.entry().version()).isGreaterThan(older);
    }
  }

  @Test
  @Timeout(30)
  void a_fetch_waits_while_another_owner_holds_the_lease_and_takes_its_value_once_stored() throws IOException {
    try (Wired wired = new Wired(key -> "computed here")) {
      wired.store.leases().take(LEASE_NAME, "elsewhere/1", FreshnessEngine.LEASE);
      AtomicInteger refusals = new AtomicInteger();
      long[] theirs = {0};
      wired.onRefusedLease = () -> {
        if (refusals.incrementAndGet() == 3) { // the other instance finishes while this one waits
          theirs[0] = wired.write(wired.store.entries().nextVersion(KEY), "\"computed elsewhere\"");
        }
      };

      Served served = wired.fetch(KEY);

      assertThat(valueOf(served)).isEqualTo("computed elsewhere");
      assertThat(served.entry().version()).isEqualTo(theirs[0]);
      assertThat(served.outcome()).isEqualTo(Served.Outcome.MISS);
      assertThat(refusals.get()).as("it waited, asking again, until the value appeared").isEqualTo(3);
      assertThat(wired.primer.runs.get()).isZero();
      assertThat(wired.l1.get(KEY)).as("taken into the L1").isNotNull();
    }
  }

  @Test
  @Timeout(30)
  void a_fetch_waiting_on_a_lease_computes_itself_once_the_lease_runs_out() throws IOException {
    try (Wired wired = new Wired(key -> "computed here")) {
      wired.store.leases().take(LEASE_NAME, "dead-instance/1", FreshnessEngine.LEASE);
      wired.onRefusedLease = () -> wired.clock.advance(Duration.ofSeconds(10)); // never renewed: it died

      Served served = wired.fetch(KEY);

      assertThat(valueOf(served)).isEqualTo("computed here");
      assertThat(wired.primer.runs.get()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(30) // a run that never stops waiting fails here instead of hanging the build
  void a_fetch_gives_up_when_another_owner_computes_for_longer_than_twice_the_lease() {
    try (Wired wired = new Wired(key -> "computed here")) {
      wired.store.leases().take(LEASE_NAME, "slow-instance/1", Duration.ofHours(1));
      wired.onRefusedLease = () -> wired.clock.advance(Duration.ofSeconds(10));

      assertThatThrownBy(() -> wired.fetch(KEY)).isInstanceOfSatisfying(KckException.Unavailable.class,
          unavailable -> assertThat(unavailable.retryAfter()).isEqualTo(FreshnessEngine.LEASE));
      assertThat(wired.clock.instant()).as("it waited past twice the lease")
          .isAfterOrEqualTo(MutableClock.atFixedStart().instant().plus(FreshnessEngine.LEASE.multipliedBy(2)));
      assertThat(wired.primer.runs.get()).isZero();
    }
  }

  @Test
  void always_fresh_computes_on_every_fetch() throws IOException {
    HookedPrimer clock = new HookedPrimer(new Freshness(null, null, null, null, true), key -> "now");
    try (FreshnessEngine engine = FreshnessEngine.of(clock)) {
      Served first = engine.fetch(KEY);
      Served second = engine.fetch(KEY);
      Served third = engine.fetch(KEY);

      assertThat(clock.runs.get()).isEqualTo(3);
      assertThat(List.of(first, second, third)).extracting(Served::outcome).containsOnly(Served.Outcome.MISS);
      assertThat(second.entry().version()).isGreaterThan(first.entry().version());
      assertThat(third.entry().version()).isGreaterThan(second.entry().version());
    }
  }

  @Test
  void a_primer_saying_not_found_is_reported_as_it_said_and_nothing_is_cached() {
    KckException.NotFound notFound = new KckException.NotFound("no quote 1");
    try (FreshnessEngine engine = engineWith(key -> {
      throw notFound;
    })) {
      assertThatThrownBy(() -> engine.fetch(KEY)).isSameAs(notFound);
      assertThatThrownBy(() -> engine.fetch(KEY)).isSameAs(notFound);

      assertThat(primerOf(engine).runs.get()).as("a miss each time").isEqualTo(2);
      assertThat(engine.store.entries().get(KEY)).isEmpty();
    }
  }

  @Test
  void a_cancelled_statement_in_a_primer_is_a_timeout() {
    SQLException cancelled = new SQLException("canceling statement due to statement timeout", "57014");
    try (FreshnessEngine engine = engineWith(key -> {
      throw cancelled;
    })) {
      assertThatThrownBy(() -> engine.fetch(KEY)).isInstanceOf(KckException.Timeout.class).hasCause(cancelled);
    }
  }

  @Test
  void a_lost_source_connection_in_a_primer_makes_the_fetch_unavailable() {
    SQLException refused = new SQLException("connection refused", "08001");
    try (FreshnessEngine engine = engineWith(key -> {
      throw new IllegalStateException("primer failed", refused);
    })) {
      assertThatThrownBy(() -> engine.fetch(KEY)).isInstanceOf(KckException.Unavailable.class).hasRootCause(refused);
    }
  }

  // --- harness ---

  /** What a test primer does for a key. */
  @FunctionalInterface
  interface Computation {
    Object compute(Key key) throws Exception;
  }

  /** A Java primer of {@code quote/:id} that counts its runs and computes as the test says. */
  static final class HookedPrimer implements Primer {
    final AtomicInteger runs = new AtomicInteger();
    final ProductSpec spec;
    volatile Computation compute;

    HookedPrimer(Computation compute) {
      this(Freshness.DEFAULT, compute);
    }

    HookedPrimer(Freshness freshness, Computation compute) {
      this.spec = ProductSpec.of("quote", List.of(Parameter.of("id", ParamType.INT)))
          .withFreshness(freshness).withAccess(Access.PUBLIC);
      this.compute = compute;
    }

    @Override
    public ProductSpec spec() {
      return spec;
    }

    @Override
    public Object compute(Key key, PrimerContext context) throws Exception {
      runs.incrementAndGet();
      return compute.compute(key);
    }
  }

  /**
   * A fetch path wired by hand over a memory store (as {@code FreshnessEngine} wires it), whose
   * lease store tells the test each time it refuses a lease: the point where a waiting run polls.
   */
  private static final class Wired implements AutoCloseable {
    final MutableClock clock = MutableClock.atFixedStart();
    final CacheStore store = MemoryStore.open(clock);
    final HookedPrimer primer;
    final L1Cache l1 = new L1Cache(1 << 20, clock, entry -> null);
    final Fetcher fetcher;
    volatile Runnable onRefusedLease = () -> { };
    private final ProductRegistry products;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();
    private final PrimerPool primers = new PrimerPool(8, Duration.ofSeconds(30));

    Wired(Computation compute) {
      this.primer = new HookedPrimer(compute);
      this.products = new ProductRegistry(List.of(primer));
      LeaseStore leases = new LeaseStore() {
        @Override
        public boolean take(String name, String owner, Duration duration) {
          boolean taken = store.leases().take(name, owner, duration);
          if (!taken) {
            onRefusedLease.run();
          }
          return taken;
        }

        @Override
        public void release(String name, String owner) {
          store.leases().release(name, owner);
        }
      };
      CacheMetrics metrics = new CacheMetrics(new SimpleMeterRegistry(), l1);
      PrimerRunner runner = new PrimerRunner(store.entries(),
          new PrimerLeases(leases, "instance-a", FreshnessEngine.LEASE, renewer), l1, clock, metrics, (entry, origin) -> { },
          primers, new ValueCodec(16L << 20));
      this.fetcher = new Fetcher(store.entries(), l1, runner, new PrimerContexts(null, products, store.index()),
          metrics, clock, key -> { });
    }

    Served fetch(String key) {
      return fetcher.fetch(products.parse(key), primer);
    }

    /** Writes a value as another run would have; returns its version. */
    long write(long version, String json) {
      assertThat(store.entries().putIfNewer(new StoredEntry(KEY, json.getBytes(StandardCharsets.UTF_8), version,
          clock.instant(), null))).as("written").isTrue();
      return version;
    }

    @Override
    public void close() {
      renewer.shutdownNow();
      primers.close();
    }
  }

  private static FreshnessEngine engineWith(Computation compute) {
    return FreshnessEngine.of(new HookedPrimer(compute));
  }

  private static HookedPrimer primerOf(FreshnessEngine engine) {
    return (HookedPrimer) engine.products.get("quote");
  }

  /** Writes a value as another run would have; returns its version. */
  private static long writeToStore(FreshnessEngine engine, long version, String json) {
    assertThat(engine.store.entries().putIfNewer(new StoredEntry(KEY, json.getBytes(StandardCharsets.UTF_8), version,
        engine.clock.instant(), null))).as("written").isTrue();
    return version;
  }

  private static String valueOf(Served served) throws IOException {
    return Json.MAPPER.readTree(served.entry().value()).asText();
  }

  private static String storedValue(FreshnessEngine engine) throws IOException {
    JsonNode stored = Json.MAPPER.readTree(engine.store.entries().get(KEY).orElseThrow().value());
    return stored.asText();
  }

  private static void awaitCount(List<?> list, int size) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (list.size() < size) {
      giveWay(deadline, "only " + list.size() + " of " + size + " callers started");
    }
  }

  /** Waits (without sleeping) until the thread is parked, with or without a timeout. */
  private static void awaitParked(Thread thread) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      giveWay(deadline, thread.getName() + " is " + thread.getState() + ", not parked");
    }
  }

  /** Waits (without sleeping) until the thread is parked in the given state. */
  private static void awaitState(Thread thread, Thread.State state) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (thread.getState() != state) {
      giveWay(deadline, thread.getName() + " is " + thread.getState() + ", not " + state);
    }
  }

  private static void giveWay(long deadline, String failure) {
    if (System.nanoTime() > deadline) {
      fail(failure);
    }
    Thread.yield();
  }
}
