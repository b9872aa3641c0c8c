package dev.kck.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.PrimerContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a primer for a key once across the cluster: a local single flight, then a lease in the
 * store. The lease holder computes, with a version taken before it reads, and writes back with
 * compare-and-set; other instances wait for the new version to appear in the store.
 */
final class PrimerRunner {
  private static final Duration FIRST_POLL = Duration.ofMillis(5);
  private static final Duration MAX_POLL = Duration.ofMillis(100);

  private final CacheStore store;
  private final L1Cache l1;
  private final Clock clock;
  private final String instanceId;
  private final Duration lease;
  private final ScheduledExecutorService leaseRenewer;
  private final CacheMetrics metrics;
  private final Function<Key, PrimerContext> contexts;
  private final Consumer<CachedEntry> newVersions;
  private final SingleFlight<CachedEntry> flights = new SingleFlight<>();
  private final AtomicLong runs = new AtomicLong();

  /**
   * @param contexts the context a primer computes a key in
   * @param newVersions told of every version this instance wrote (to notify the cluster)
   */
  PrimerRunner(CacheStore store, L1Cache l1, Clock clock, String instanceId, Duration lease,
      ScheduledExecutorService leaseRenewer, CacheMetrics metrics, Function<Key, PrimerContext> contexts,
      Consumer<CachedEntry> newVersions) {
    this.store = store;
    this.l1 = l1;
    this.clock = clock;
    this.instanceId = instanceId;
    this.lease = lease;
    this.leaseRenewer = leaseRenewer;
    this.metrics = metrics;
    this.contexts = contexts;
    this.newVersions = newVersions;
  }

  /**
   * A value newer than {@code knownVersion}: computed here, or by whichever instance holds the
   * key's lease.
   */
  CachedEntry run(Key key, Primer primer, long knownVersion) {
    return flights.run(key.text(), () -> computeOrWait(key, primer, knownVersion));
  }

  /**
   * A value computed from a read that starts after this call: a refresh after the data changed.
   * A run already under way (here or elsewhere) may have read before the change, so its result
   * does not count; the version floor taken now tells the two apart.
   */
  CachedEntry refresh(Key key, Primer primer) {
    return computeOrWait(key, primer, store.nextVersion(key.text()));
  }

  PrimerContext contextFor(Key key) {
    return contexts.apply(key);
  }

  private CachedEntry computeOrWait(Key key, Primer primer, long knownVersion) {
    String leaseName = "primer:" + key.text();
    // Each run owns the lease alone, so a refresh and a fetch in one instance exclude each other too.
    String owner = instanceId + "/" + runs.incrementAndGet();
    Instant giveUp = clock.instant().plus(lease.multipliedBy(2));
    Duration pause = FIRST_POLL;
    while (true) {
      if (store.tryLease(leaseName, owner, lease)) {
        return computeHoldingLease(key, primer, leaseName, owner, knownVersion);
      }
      Optional<CachedEntry> theirs = newerInStore(key, knownVersion);
      if (theirs.isPresent()) {
        return theirs.get();
      }
      if (clock.instant().isAfter(giveUp)) {
        throw new KckException.Unavailable("another instance is still computing " + key.text(), lease, null);
      }
      sleep(pause);
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
    }
  }

  private CachedEntry computeHoldingLease(Key key, Primer primer, String leaseName, String owner, long knownVersion) {
    ScheduledFuture<?> renewal = leaseRenewer.scheduleAtFixedRate(
        () -> renew(leaseName, owner), lease.toMillis() / 3, lease.toMillis() / 3, TimeUnit.MILLISECONDS);
    try {
      // The lease may be free because another run just finished: then its value is the answer.
      Optional<CachedEntry> justWritten = newerInStore(key, knownVersion);
      return justWritten.isPresent() ? justWritten.get() : compute(key, primer);
    } finally {
      renewal.cancel(false);
      store.releaseLease(leaseName, owner);
    }
  }

  /** The stored value if it is newer than the given version, taken into the L1. */
  private Optional<CachedEntry> newerInStore(Key key, long version) {
    Optional<CachedEntry> newer = store.get(key.text()).filter(e -> e.version() > version).map(CachedEntry::of);
    newer.ifPresent(l1::put);
    return newer;
  }

  private void renew(String leaseName, String owner) {
    try {
      store.tryLease(leaseName, owner, lease);
    } catch (RuntimeException e) {
      // The store is down; the write-back will fail too and report it. Keep the renewal scheduled.
    }
  }

  private CachedEntry compute(Key key, Primer primer) {
    long version = store.nextVersion(key.text());
    Instant started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long startNanos = System.nanoTime();
    Object value;
    try {
      value = primer.compute(key, contexts.apply(key));
      metrics.primerRun(key.product(), "ok", Duration.ofNanos(System.nanoTime() - startNanos));
    } catch (Exception e) {
      metrics.primerRun(key.product(), "error", Duration.ofNanos(System.nanoTime() - startNanos));
      throw PrimerFailures.classify(key.text(), e);
    }
    Instant servableUntil = Staleness.servableUntil(started, primer.spec().freshness());
    return store(key, new StoredEntry(key.text(), toJson(key, value), version, started, servableUntil));
  }

  /** Writes back unless a newer version got there first, in which case that one is the answer. */
  private CachedEntry store(Key key, StoredEntry computed) {
    if (!store.putIfNewer(computed)) {
      return newerInStore(key, computed.version()).orElseGet(() -> CachedEntry.of(computed));
    }
    CachedEntry entry = CachedEntry.of(computed);
    l1.put(entry);
    newVersions.accept(entry);
    return entry;
  }

  private static byte[] toJson(Key key, Object value) {
    try {
      return Json.MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new KckException.Internal("the value of " + key.text() + " is not serialisable as JSON", e);
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KckException.Unavailable("interrupted while waiting for a value", Duration.ofSeconds(1), e);
    }
  }
}
