package dev.kck.cache.memory;

import dev.kck.cache.CacheStore;
import dev.kck.cache.RefreshRequest;
import dev.kck.cache.StoredEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process cache store, for tests and for embedding KCK in a single JVM. Every operation on
 * entries, leases and dependencies is one atomic map operation, so it is thread-safe without locks
 * of its own; the refresh queue ({@link MemoryRefreshQueue}) locks, because a claim picks across
 * keys. Time comes from the injected clock, so tests can expire entries, leases and claims without
 * sleeping.
 *
 * <p>Expired entries are dropped when read and swept every {@value #SWEEP_EVERY} writes, so keys
 * that are never read again do not pile up.
 */
public final class MemoryStore implements CacheStore {
  static final int SWEEP_EVERY = 1024;

  private final Clock clock;
  private final ConcurrentMap<String, StoredEntry> entries = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<String>> dependents = new ConcurrentHashMap<>();
  private final MemoryRefreshQueue queue;
  private final AtomicLong versions = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();

  public MemoryStore() {
    this(Clock.systemUTC());
  }

  public MemoryStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queue = new MemoryRefreshQueue(clock);
  }

  @Override
  public String backend() {
    return "memory";
  }

  @Override
  public Optional<StoredEntry> get(String key) {
    StoredEntry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (isExpired(entry, clock.instant())) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  @Override
  public boolean putIfNewer(StoredEntry entry) {
    Instant now = clock.instant();
    boolean[] written = {false};
    entries.compute(entry.key(), (key, current) -> {
      if (current == null || isExpired(current, now) || current.version() < entry.version()) {
        written[0] = true;
        return entry;
      }
      return current;
    });
    if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
      purgeExpired();
    }
    return written[0];
  }

  @Override
  public Optional<StoredEntry> replace(StoredEntry current, byte[] value, Instant modified, Instant expiresAt) {
    StoredEntry next = new StoredEntry(current.key(), value, nextVersion(current.key()), modified, expiresAt);
    Instant now = clock.instant();
    boolean[] written = {false};
    entries.computeIfPresent(current.key(), (key, stored) -> {
      if (isExpired(stored, now) || stored.version() != current.version()) {
        return stored;
      }
      written[0] = true;
      return next;
    });
    return written[0] ? Optional.of(next) : Optional.empty();
  }

  @Override
  public void delete(String key) {
    entries.remove(key);
  }

  @Override
  public boolean deleteIfVersion(String key, long version) {
    Instant now = clock.instant();
    boolean[] removed = {false};
    entries.computeIfPresent(key, (ignored, entry) -> {
      // An expired entry is absent whatever its version; dropping it here changes nothing visible.
      if (isExpired(entry, now)) {
        return null;
      }
      removed[0] = entry.version() == version;
      return removed[0] ? null : entry;
    });
    return removed[0];
  }

  /** A scan of every entry: fine for the sizes a single JVM holds. */
  @Override
  public List<String> keysOf(String product, int limit) {
    requireNotNegative(limit);
    Instant now = clock.instant();
    String prefix = product + "/";
    return entries.values().stream()
        .filter(entry -> entry.key().equals(product) || entry.key().startsWith(prefix))
        .filter(entry -> !isExpired(entry, now))
        .limit(limit)
        .map(StoredEntry::key)
        .toList();
  }

  /** One counter for all keys: it grows for every key, and a deleted key's versions stay behind it. */
  @Override
  public long nextVersion(String key) {
    return versions.incrementAndGet();
  }

  @Override
  public boolean tryLease(String name, String owner, Duration duration) {
    Objects.requireNonNull(owner, "owner");
    requirePositive(duration);
    Instant now = clock.instant();
    Lease offered = new Lease(owner, now.plus(duration));
    Lease held = leases.merge(name, offered,
        (current, mine) -> current.owner().equals(owner) || !current.expiresAt().isAfter(now) ? mine : current);
    return held == offered;
  }

  @Override
  public void releaseLease(String name, String owner) {
    leases.computeIfPresent(name, (ignored, lease) -> lease.owner().equals(owner) ? null : lease);
  }

  @Override
  public void requestRefresh(String key, long demand) {
    Objects.requireNonNull(key, "key");
    RefreshRequest.requirePositiveDemand(demand);
    queue.request(key, demand);
  }

  @Override
  public List<RefreshRequest> claimRefreshes(String owner, Duration lease, int limit) {
    Objects.requireNonNull(owner, "owner");
    requirePositive(lease);
    requireNotNegative(limit);
    return queue.claim(owner, lease, limit);
  }

  @Override
  public void completeRefresh(RefreshRequest claimed, String owner) {
    queue.complete(claimed, owner);
  }

  @Override
  public void releaseRefresh(RefreshRequest claimed, String owner, Duration retryAfter) {
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    queue.release(claimed, owner, retryAfter);
  }

  @Override
  public long pendingRefreshes() {
    return queue.size();
  }

  @Override
  public void addDependency(String dependency, String dependent) {
    Objects.requireNonNull(dependent, "dependent");
    dependents.computeIfAbsent(dependency, ignored -> ConcurrentHashMap.newKeySet()).add(dependent);
  }

  @Override
  public Set<String> dependentsOf(String dependency) {
    return Set.copyOf(dependents.getOrDefault(dependency, Set.of()));
  }

  @Override
  public void ping() {
    // Always reachable: it lives in this JVM.
  }

  /** Drops every expired entry and lease now. */
  public void purgeExpired() {
    Instant now = clock.instant();
    entries.values().removeIf(entry -> isExpired(entry, now));
    leases.values().removeIf(lease -> !lease.expiresAt().isAfter(now));
  }

  @Override
  public void close() {
    // Nothing to release: no threads, no connections.
  }

  private static boolean isExpired(StoredEntry entry, Instant now) {
    return entry.expiresAt() != null && !entry.expiresAt().isAfter(now);
  }

  private static void requirePositive(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("lease duration must be positive: " + duration);
    }
  }

  private static void requireNotNegative(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }

  private record Lease(String owner, Instant expiresAt) {}
}
