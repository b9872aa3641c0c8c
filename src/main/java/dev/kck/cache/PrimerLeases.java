package dev.kck.cache;

import dev.kck.store.LeaseStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The primer leases this instance holds: one per key being computed, so that one run per key
 * happens cluster-wide. A lease is renewed in the background while its primer runs and released
 * when the run ends; {@link #releaseAll} gives every one up at once when the instance stops, so
 * another instance never waits out a lease this one no longer needs.
 */
public final class PrimerLeases {
  private final LeaseStore leases;
  private final String instanceId;
  private final Duration lease;
  private final ScheduledExecutorService renewer;
  private final AtomicLong runs = new AtomicLong();
  private final Map<String, Held> held = new ConcurrentHashMap<>();

  /**
   * @param instanceId this instance, the prefix of every owner name
   * @param lease how long a lease lasts unrenewed (a dead holder's run is retried after it)
   * @param renewer renews held leases every third of {@code lease}
   */
  public PrimerLeases(LeaseStore leases, String instanceId, Duration lease, ScheduledExecutorService renewer) {
    this.leases = leases;
    this.instanceId = instanceId;
    this.lease = lease;
    this.renewer = renewer;
  }

  /** How long a lease lasts unrenewed. */
  Duration duration() {
    return lease;
  }

  /**
   * The lease of the key for one run, or null when another run (here or elsewhere) holds it. Each
   * run owns its lease alone, so a refresh and a fetch in one instance exclude each other too.
   */
  Held tryTake(String key) {
    String name = "primer:" + key;
    String owner = instanceId + "/" + runs.incrementAndGet();
    if (!leases.take(name, owner, lease)) {
      return null;
    }
    Held taken = new Held(name, owner);
    held.put(owner, taken);
    return taken;
  }

  /** Releases every lease still held (the instance stops); runs still going lose theirs. */
  public void releaseAll() {
    held.values().forEach(Held::close);
  }

  /** One held lease; closing it stops the renewal and releases it. */
  final class Held implements AutoCloseable {
    private final String name;
    private final String owner;
    private final ScheduledFuture<?> renewal;

    private Held(String name, String owner) {
      this.name = name;
      this.owner = owner;
      long every = Math.max(1, lease.toMillis() / 3);
      this.renewal = renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
      try {
        leases.take(name, owner, lease);
      } catch (RuntimeException e) {
        // The store is down; the write-back will fail too and report it. Keep the renewal scheduled.
      }
    }

    @Override
    public void close() {
      renewal.cancel(false);
      if (held.remove(owner) == null) {
        return;
      }
      try {
        leases.release(name, owner);
      } catch (RuntimeException e) {
        // The store is down: the lease ends by itself after its duration.
      }
    }
  }
}
