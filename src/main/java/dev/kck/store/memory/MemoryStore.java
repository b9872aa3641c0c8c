package dev.kck.store.memory;

import dev.kck.store.CacheStore;
import java.time.Clock;

/**
 * The in-process cache store, for tests and for embedding KCK in a single JVM. Time comes from the
 * injected clock, so tests can expire entries, leases and claims without sleeping. Nothing to
 * connect to, nothing to release: it is always reachable.
 */
public final class MemoryStore {
  private MemoryStore() {}

  public static CacheStore open(Clock clock) {
    MemoryEntries entries = new MemoryEntries(clock);
    MemoryRefreshQueue queue = new MemoryRefreshQueue(clock);
    MemoryKeyIndex index = new MemoryKeyIndex(entries);
    return new CacheStore("memory", entries, new MemoryLeases(clock), queue, index,
        new CacheStore.Insight(index, queue, new MemoryHeartbeats(clock), new MemoryOrigins()), () -> { }, () -> { });
  }
}
