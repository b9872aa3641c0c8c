package dev.kck.store.memory;

import dev.kck.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** The leases of the memory store, each taken or renewed by one atomic map operation; expired ones are swept now and then. */
final class MemoryLeases implements LeaseStore {
  private final Clock clock;
  private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();
  private final AtomicLong takes = new AtomicLong();

  MemoryLeases(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean take(String name, String owner, Duration duration) {
    Instant now = clock.instant();
    Lease offered = new Lease(owner, now.plus(duration));
    Lease held = leases.merge(name, offered,
        (current, mine) -> current.owner().equals(owner) || !current.expiresAt().isAfter(now) ? mine : current);
    if (takes.incrementAndGet() % MemoryEntries.SWEEP_EVERY == 0) { // leases a dead owner left behind
      leases.values().removeIf(lease -> !lease.expiresAt().isAfter(now));
    }
    return held == offered;
  }

  @Override
  public void release(String name, String owner) {
    leases.computeIfPresent(name, (ignored, lease) -> lease.owner().equals(owner) ? null : lease);
  }

  private record Lease(String owner, Instant expiresAt) {}
}
