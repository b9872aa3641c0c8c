package dev.kck.store.memory;

import dev.kck.store.EntryStore;
import dev.kck.store.StoredEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The entries of the memory store: every operation is one atomic map operation, so it is
 * thread-safe without locks of its own. Expired entries are dropped when read and swept every
 * {@value #SWEEP_EVERY} writes, so keys that are never read again do not pile up.
 *
 * <p>Each key's last use (for {@link MemoryKeyIndex}) is kept beside its entry: set to {@code
 * modified} by every write, moved on by {@link #recordUse}, dropped with the entry.
 */
final class MemoryEntries implements EntryStore {
  static final int SWEEP_EVERY = 1024;

  private final Clock clock;
  private final ConcurrentMap<String, StoredEntry> entries = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Instant> lastUses = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();

  MemoryEntries(Clock clock) {
    this.clock = clock;
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
        lastUses.put(key, entry.modified());
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
      lastUses.put(key, modified);
      return next;
    });
    return written[0] ? Optional.of(next) : Optional.empty();
  }

  @Override
  public void delete(String key) {
    entries.computeIfPresent(key, (ignored, entry) -> {
      lastUses.remove(key);
      return null;
    });
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
      if (removed[0]) {
        lastUses.remove(key);
      }
      return removed[0] ? null : entry;
    });
    return removed[0];
  }

  /** One counter for all keys: it grows for every key, and a deleted key's versions stay behind it. */
  @Override
  public long nextVersion(String key) {
    return versions.incrementAndGet();
  }

  /** Every unexpired entry, for the key index (a scan: fine for the sizes one JVM holds). */
  Stream<StoredEntry> live() {
    Instant now = clock.instant();
    return entries.values().stream().filter(entry -> !isExpired(entry, now));
  }

  /** Moves the key's last use on to {@code usedAt}, if the key is stored (a use never stores one). */
  void recordUse(String key, Instant usedAt) {
    entries.computeIfPresent(key, (ignored, entry) -> {
      lastUses.merge(key, usedAt, (old, fresh) -> fresh.isAfter(old) ? fresh : old);
      return entry;
    });
  }

  /** When the key was last written or used; the epoch when unknown. */
  Instant lastUse(String key) {
    return lastUses.getOrDefault(key, Instant.EPOCH);
  }

  /** Drops every expired entry now. */
  void purgeExpired() {
    Instant now = clock.instant();
    entries.values().removeIf(entry -> isExpired(entry, now));
    lastUses.keySet().retainAll(entries.keySet());
  }

  private static boolean isExpired(StoredEntry entry, Instant now) {
    return entry.expiresAt() != null && !entry.expiresAt().isAfter(now);
  }
}
