package dev.kck.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The argument checks of the store's parts, made once here for every backend: each part is
 * wrapped in a view that checks, then delegates. A refused argument is a caller's bug, so it is an
 * {@link IllegalArgumentException} (or a {@link NullPointerException}), never a 503.
 */
final class StoreArguments {
  private StoreArguments() {}

  static EntryStore checked(EntryStore entries) {
    return entries instanceof CheckedEntries ? entries : new CheckedEntries(Objects.requireNonNull(entries, "entries"));
  }

  static LeaseStore checked(LeaseStore leases) {
    return leases instanceof CheckedLeases ? leases : new CheckedLeases(Objects.requireNonNull(leases, "leases"));
  }

  static RefreshQueue checked(RefreshQueue queue) {
    return queue instanceof CheckedQueue ? queue : new CheckedQueue(Objects.requireNonNull(queue, "queue"));
  }

  static KeyIndex checked(KeyIndex index) {
    return index instanceof CheckedIndex ? index : new CheckedIndex(Objects.requireNonNull(index, "index"));
  }

  static KeyCatalog checked(KeyCatalog catalog) {
    return catalog instanceof CheckedCatalog ? catalog : new CheckedCatalog(Objects.requireNonNull(catalog, "catalog"));
  }

  static QueueInspection checked(QueueInspection queue) {
    return queue instanceof CheckedInspection ? queue : new CheckedInspection(Objects.requireNonNull(queue, "queue"));
  }

  static Heartbeats checked(Heartbeats heartbeats) {
    return heartbeats instanceof CheckedHeartbeats
        ? heartbeats : new CheckedHeartbeats(Objects.requireNonNull(heartbeats, "heartbeats"));
  }

  static EntryOrigins checked(EntryOrigins origins) {
    return origins instanceof CheckedOrigins ? origins : new CheckedOrigins(Objects.requireNonNull(origins, "origins"));
  }

  private static void requirePositive(Duration duration, String what) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + duration);
    }
  }

  private static void requireNotNegative(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }

  private static void requirePositiveDemand(long demand) {
    if (demand < 1) {
      throw new IllegalArgumentException("demand must be positive: " + demand);
    }
  }

  private record CheckedEntries(EntryStore entries) implements EntryStore {
    @Override
    public Optional<StoredEntry> get(String key) {
      return entries.get(Objects.requireNonNull(key, "key"));
    }

    @Override
    public boolean putIfNewer(StoredEntry entry) {
      return entries.putIfNewer(Objects.requireNonNull(entry, "entry"));
    }

    @Override
    public Optional<StoredEntry> replace(StoredEntry current, byte[] value, Instant modified, Instant expiresAt) {
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(modified, "modified");
      return entries.replace(current, value, modified, expiresAt);
    }

    @Override
    public void delete(String key) {
      entries.delete(Objects.requireNonNull(key, "key"));
    }

    @Override
    public boolean deleteIfVersion(String key, long version) {
      return entries.deleteIfVersion(Objects.requireNonNull(key, "key"), version);
    }

    @Override
    public long nextVersion(String key) {
      return entries.nextVersion(Objects.requireNonNull(key, "key"));
    }
  }

  private record CheckedLeases(LeaseStore leases) implements LeaseStore {
    @Override
    public boolean take(String name, String owner, Duration duration) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(owner, "owner");
      requirePositive(duration, "lease duration");
      return leases.take(name, owner, duration);
    }

    @Override
    public void release(String name, String owner) {
      leases.release(Objects.requireNonNull(name, "name"), Objects.requireNonNull(owner, "owner"));
    }
  }

  private record CheckedQueue(RefreshQueue queue) implements RefreshQueue {
    @Override
    public void request(String key, long demand) {
      Objects.requireNonNull(key, "key");
      requirePositiveDemand(demand);
      queue.request(key, demand);
    }

    @Override
    public void requestAll(Collection<String> keys, long demand) {
      keys.forEach(key -> Objects.requireNonNull(key, "key"));
      requirePositiveDemand(demand);
      if (!keys.isEmpty()) {
        queue.requestAll(keys, demand);
      }
    }

    @Override
    public List<RefreshRequest> claim(String owner, Duration lease, int limit) {
      Objects.requireNonNull(owner, "owner");
      requirePositive(lease, "lease");
      requireNotNegative(limit);
      return limit == 0 ? List.of() : queue.claim(owner, lease, limit);
    }

    @Override
    public void complete(RefreshRequest claimed, String owner) {
      queue.complete(Objects.requireNonNull(claimed, "claimed"), Objects.requireNonNull(owner, "owner"));
    }

    @Override
    public void release(RefreshRequest claimed, String owner, Duration retryAfter) {
      Objects.requireNonNull(claimed, "claimed");
      Objects.requireNonNull(owner, "owner");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
      }
      queue.release(claimed, owner, retryAfter);
    }

    @Override
    public long pending() {
      return queue.pending();
    }
  }

  private record CheckedIndex(KeyIndex index) implements KeyIndex {
    @Override
    public List<String> keysOf(String product, int limit) {
      Objects.requireNonNull(product, "product");
      requireNotNegative(limit);
      return limit == 0 ? List.of() : index.keysOf(product, limit);
    }

    @Override
    public void recordUse(Collection<String> keys, Instant usedAt) {
      Objects.requireNonNull(usedAt, "usedAt");
      keys.forEach(key -> Objects.requireNonNull(key, "key"));
      if (!keys.isEmpty()) {
        index.recordUse(keys, usedAt);
      }
    }

    @Override
    public List<String> leastRecentlyUsed(String product, int bound, int limit) {
      Objects.requireNonNull(product, "product");
      requireNotNegative(bound);
      requireNotNegative(limit);
      return limit == 0 ? List.of() : index.leastRecentlyUsed(product, bound, limit);
    }

    @Override
    public void addDependency(String dependency, String dependent) {
      index.addDependency(Objects.requireNonNull(dependency, "dependency"), Objects.requireNonNull(dependent, "dependent"));
    }

    @Override
    public Set<String> dependentsOf(String dependency) {
      return index.dependentsOf(Objects.requireNonNull(dependency, "dependency"));
    }
  }

  private record CheckedCatalog(KeyCatalog catalog) implements KeyCatalog {
    @Override
    public List<String> keysAfter(String product, String after, int limit) {
      Objects.requireNonNull(product, "product");
      requireNotNegative(limit);
      return limit == 0 ? List.of() : catalog.keysAfter(product, after, limit);
    }

    @Override
    public long count(String product) {
      return catalog.count(Objects.requireNonNull(product, "product"));
    }
  }

  private record CheckedInspection(QueueInspection queue) implements QueueInspection {
    @Override
    public QueueSnapshot snapshot(int maxClaims) {
      requireNotNegative(maxClaims);
      return queue.snapshot(maxClaims);
    }
  }

  private record CheckedHeartbeats(Heartbeats heartbeats) implements Heartbeats {
    @Override
    public void beat(Instance instance, Duration lifetime) {
      Objects.requireNonNull(instance, "instance");
      requirePositive(lifetime, "heartbeat lifetime");
      heartbeats.beat(instance, lifetime);
    }

    @Override
    public void leave(String id) {
      heartbeats.leave(Objects.requireNonNull(id, "id"));
    }

    @Override
    public List<Instance> live() {
      return heartbeats.live();
    }
  }

  private record CheckedOrigins(EntryOrigins origins) implements EntryOrigins {
    @Override
    public void record(Origin origin, Instant expiresAt) {
      origins.record(Objects.requireNonNull(origin, "origin"), expiresAt);
    }

    @Override
    public Optional<Origin> get(String key) {
      return origins.get(Objects.requireNonNull(key, "key"));
    }
  }
}
