package dev.kck.store.memory;

import dev.kck.store.KeyCatalog;
import dev.kck.store.KeyIndex;
import dev.kck.store.StoredEntry;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * The key index and key catalog of the memory store: product keys are found by scanning its
 * entries; pages are in {@link String#compareTo} order. Last uses are kept by {@link MemoryEntries}.
 */
final class MemoryKeyIndex implements KeyIndex, KeyCatalog {
  private final MemoryEntries entries;
  private final ConcurrentMap<String, Set<String>> dependents = new ConcurrentHashMap<>();

  MemoryKeyIndex(MemoryEntries entries) {
    this.entries = entries;
  }

  @Override
  public List<String> keysOf(String product, int limit) {
    return keysOf(product).limit(limit).toList();
  }

  @Override
  public List<String> keysAfter(String product, String after, int limit) {
    return keysOf(product)
        .filter(key -> after == null || key.compareTo(after) > 0)
        .sorted(Comparator.naturalOrder())
        .limit(limit)
        .toList();
  }

  @Override
  public void recordUse(Collection<String> keys, Instant usedAt) {
    keys.forEach(key -> entries.recordUse(key, usedAt));
  }

  /** A sort of the product's keys: fine for the sizes one JVM holds. */
  @Override
  public List<String> leastRecentlyUsed(String product, int bound, int limit) {
    List<String> keys = keysOf(product).toList();
    long excess = Math.max(0, keys.size() - (long) bound);
    Comparator<String> byUse = Comparator.comparing(entries::lastUse);
    return keys.stream().sorted(byUse.thenComparing(Comparator.naturalOrder()))
        .limit(Math.min(excess, limit)).toList();
  }

  @Override
  public long count(String product) {
    return keysOf(product).count();
  }

  private Stream<String> keysOf(String product) {
    String prefix = product + "/";
    return entries.live().map(StoredEntry::key).filter(key -> key.equals(product) || key.startsWith(prefix));
  }

  @Override
  public void addDependency(String dependency, String dependent) {
    dependents.computeIfAbsent(dependency, ignored -> ConcurrentHashMap.newKeySet()).add(dependent);
  }

  @Override
  public Set<String> dependentsOf(String dependency) {
    return Set.copyOf(dependents.getOrDefault(dependency, Set.of()));
  }
}
