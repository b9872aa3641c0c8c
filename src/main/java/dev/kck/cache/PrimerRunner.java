package dev.kck.cache;

import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.PrimerContext;
import dev.kck.store.EntryStore;
import dev.kck.store.StoredEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Runs a primer for a key once across the cluster: a local single flight, then a lease in the
 * store. The lease holder computes, with a version taken before it reads, and writes back with
 * compare-and-set; other instances wait for the new version to appear in the store.
 */
public final class PrimerRunner {
  private static final Duration FIRST_POLL = Duration.ofMillis(5);
  private static final Duration MAX_POLL = Duration.ofMillis(100);

  private final EntryStore entries;
  private final PrimerLeases leases;
  private final L1Cache l1;
  private final Clock clock;
  private final CacheMetrics metrics;
  private final VersionListener versions;
  private final PrimerPool pool;
  private final ValueCodec values;
  private final OriginRecorder origins;
  private final SingleFlight<CachedEntry> flights = new SingleFlight<>();

  /**
   * @param versions told of every version this instance writes
   * @param pool where the primers run, bounded in number and time
   * @param values what a result becomes, bounded in size
   */
  public PrimerRunner(EntryStore entries, PrimerLeases leases, L1Cache l1, Clock clock, CacheMetrics metrics,
      VersionListener versions, PrimerPool pool, ValueCodec values) {
    this(entries, leases, l1, clock, metrics, versions, pool, values, OriginRecorder.NONE);
  }

  /** @param origins told of every version this instance computes and writes, with the primer's time */
  public PrimerRunner(EntryStore entries, PrimerLeases leases, L1Cache l1, Clock clock, CacheMetrics metrics,
      VersionListener versions, PrimerPool pool, ValueCodec values, OriginRecorder origins) {
    this.origins = origins;
    this.entries = entries;
    this.leases = leases;
    this.l1 = l1;
    this.clock = clock;
    this.metrics = metrics;
    this.versions = versions;
    this.pool = pool;
    this.values = values;
  }

  /**
   * A value newer than {@code knownVersion}: computed here, or by whichever instance holds the
   * key's lease.
   */
  CachedEntry run(Key key, Primer primer, long knownVersion, PrimerContext context) {
    return flights.run(key.text(), () -> computeOrWait(key, primer, knownVersion, context, VersionListener.Origin.PRIMED));
  }

  /**
   * A value computed from a read that starts after this call: a refresh after the data changed.
   * A run already under way (here or elsewhere) may have read before the change, so its result
   * does not count; the version floor taken now tells the two apart.
   */
  CachedEntry refresh(Key key, Primer primer, PrimerContext context) {
    return computeOrWait(key, primer, entries.nextVersion(key.text()), context, VersionListener.Origin.REFRESHED);
  }

  private CachedEntry computeOrWait(Key key, Primer primer, long knownVersion, PrimerContext context,
      VersionListener.Origin origin) {
    Instant giveUp = clock.instant().plus(leases.duration().multipliedBy(2));
    Duration pause = FIRST_POLL;
    while (true) {
      try (PrimerLeases.Held held = leases.tryTake(key.text())) {
        if (held != null) {
          // The lease may be free because another run just finished: then its value is the answer.
          return newerInStore(key, knownVersion).orElseGet(() -> compute(key, primer, context, origin));
        }
      }
      Optional<CachedEntry> theirs = newerInStore(key, knownVersion);
      if (theirs.isPresent()) {
        return theirs.get();
      }
      if (clock.instant().isAfter(giveUp)) {
        throw new KckException.Unavailable("another instance is still computing " + key.text(), leases.duration(),
            null);
      }
      sleep(pause);
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
    }
  }

  /** The stored value if it is newer than the given version, taken into the L1. */
  private Optional<CachedEntry> newerInStore(Key key, long version) {
    Optional<CachedEntry> newer = entries.get(key.text()).filter(e -> e.version() > version).map(CachedEntry::of);
    newer.ifPresent(l1::put);
    return newer;
  }

  private CachedEntry compute(Key key, Primer primer, PrimerContext context, VersionListener.Origin origin) {
    long version = entries.nextVersion(key.text());
    Instant started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long startNanos = System.nanoTime();
    Object value;
    Duration took;
    try {
      value = pool.run(key.text(), () -> primer.compute(key, context));
      took = Duration.ofNanos(System.nanoTime() - startNanos);
      metrics.primerRun(key.product(), "ok", took);
    } catch (Exception e) {
      metrics.primerRun(key.product(), "error", Duration.ofNanos(System.nanoTime() - startNanos));
      RuntimeException failure = PrimerFailures.classify(key.text(), e);
      if (!(failure instanceof KckException.NotFound)) {
        versions.primerFailed(key, failure);
      }
      throw failure;
    }
    Instant servableUntil = Staleness.servableUntil(started, primer.spec().freshness());
    return store(key, new StoredEntry(key.text(), values.toJson(key.text(), value), version, started, servableUntil),
        origin, took);
  }

  /** Writes back unless a newer version got there first, in which case that one is the answer. */
  private CachedEntry store(Key key, StoredEntry computed, VersionListener.Origin origin, Duration took) {
    if (!entries.putIfNewer(computed)) {
      return newerInStore(key, computed.version()).orElseGet(() -> CachedEntry.of(computed));
    }
    origins.computed(computed.key(), computed.version(), took, computed.expiresAt());
    CachedEntry entry = CachedEntry.of(computed);
    l1.put(entry);
    versions.written(entry, origin);
    return entry;
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
