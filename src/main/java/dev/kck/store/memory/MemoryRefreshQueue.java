package dev.kck.store.memory;

import dev.kck.store.QueueInspection;
import dev.kck.store.RefreshQueue;
import dev.kck.store.RefreshRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The refresh queue of the memory store, with the same semantics as PostgreSQL's
 * {@code refresh_queue} table. Claiming picks across all keys, which no single map operation can
 * do, so every method holds this object's lock; the queue is small and the work under it short.
 */
final class MemoryRefreshQueue implements RefreshQueue, QueueInspection {
  /** Pick order; {@code arrival} breaks ties between requests made at the same clock instant. */
  private static final Comparator<Pending> PICK_ORDER = Comparator
      .comparingLong(Pending::demand).reversed()
      .thenComparing(Pending::firstRequested)
      .thenComparingLong(Pending::arrival);

  private final Clock clock;
  private final Map<String, Pending> pending = new HashMap<>();
  // One counter for all keys (arrival and generation): a key queued again after completion never
  // reuses the generation of an older claim.
  private long sequence;

  MemoryRefreshQueue(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void request(String key, long demand) {
    long generation = ++sequence;
    pending.merge(key, new Pending(key, demand, clock.instant(), generation, generation, null, null),
        (current, added) -> current.withMoreDemand(demand, generation));
  }

  @Override
  public synchronized List<RefreshRequest> claim(String owner, Duration lease, int limit) {
    Instant now = clock.instant();
    List<Pending> picked = pending.values().stream()
        .filter(request -> request.isClaimable(now))
        .sorted(PICK_ORDER)
        .limit(limit)
        .toList();
    List<RefreshRequest> claimed = new ArrayList<>();
    for (Pending request : picked) {
      pending.put(request.key(), request.claimedBy(owner, now.plus(lease)));
      claimed.add(request.asClaimed());
    }
    return claimed;
  }

  /** See PostgresRefreshQueue: removed, or pending again with only the demand added since the claim. */
  @Override
  public synchronized void complete(RefreshRequest claimed, String owner) {
    Pending current = pending.get(claimed.key());
    if (current == null || !owner.equals(current.claimedBy())) {
      return;
    }
    if (current.generation() == claimed.generation()) {
      pending.remove(claimed.key());
    } else {
      pending.put(claimed.key(), current.requeued(claimed.demand(), clock.instant(), ++sequence));
    }
  }

  @Override
  public synchronized void release(RefreshRequest claimed, String owner, Duration retryAfter) {
    Pending current = pending.get(claimed.key());
    if (current != null && owner.equals(current.claimedBy())) {
      pending.put(claimed.key(), current.claimedBy(null, clock.instant().plus(retryAfter)));
    }
  }

  @Override
  public synchronized long pending() {
    return pending.size();
  }

  @Override
  public synchronized QueueSnapshot snapshot(int maxClaims) {
    Instant now = clock.instant();
    Oldest oldest = pending.values().stream().min(Comparator.comparing(Pending::firstRequested))
        .map(request -> new Oldest(request.key(), request.firstRequested(), request.demand())).orElse(null);
    List<Claim> claims = pending.values().stream()
        .filter(request -> request.claimedBy() != null && request.claimedUntil().isAfter(now))
        .map(request -> new Claim(request.key(), request.claimedBy(), request.claimedUntil()))
        .sorted(Comparator.comparing(Claim::leaseUntil).thenComparing(Claim::key))
        .limit(maxClaims)
        .toList();
    return new QueueSnapshot(pending.size(), oldest, claims);
  }

  /**
   * One key's request. {@code claimedUntil} in the future means claimed ({@code claimedBy} set) or
   * backing off after a failed refresh ({@code claimedBy} null).
   */
  private record Pending(String key, long demand, Instant firstRequested, long generation, long arrival,
      String claimedBy, Instant claimedUntil) {

    boolean isClaimable(Instant now) {
      return claimedUntil == null || !claimedUntil.isAfter(now);
    }

    Pending withMoreDemand(long added, long newGeneration) {
      return new Pending(key, demand + added, firstRequested, newGeneration, arrival, claimedBy, claimedUntil);
    }

    Pending claimedBy(String owner, Instant until) {
      return new Pending(key, demand, firstRequested, generation, arrival, owner, until);
    }

    Pending requeued(long servedDemand, Instant now, long newArrival) {
      long left = Math.max(demand - servedDemand, 1);
      return new Pending(key, left, now, generation, newArrival, null, null);
    }

    RefreshRequest asClaimed() {
      return new RefreshRequest(key, demand, firstRequested, generation);
    }
  }
}
