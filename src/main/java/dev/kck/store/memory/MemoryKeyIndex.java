package dev.kck.store.memory;

import dev.kck.store.KeyCatalog;
import dev.kck.store.KeyIndex;
import dev.kck.store.StoredEntry;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/**
 * The key index and key catalog of the memory store: product keys are found by scanning its
 * entries; pages are in {@link String#compareTo} order.
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
