package dev.kck.store.memory;

import dev.kck.store.KeyIndex;
import dev.kck.store.StoredEntry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The key index of the memory store: product keys are found by scanning its entries. */
final class MemoryKeyIndex implements KeyIndex {
  private final MemoryEntries entries;
  private final ConcurrentMap<String, Set<String>> dependents = new ConcurrentHashMap<>();

  MemoryKeyIndex(MemoryEntries entries) {
    this.entries = entries;
  }

  @Override
  public List<String> keysOf(String product, int limit) {
    String prefix = product + "/";
    return entries.live()
        .map(StoredEntry::key)
        .filter(key -> key.equals(product) || key.startsWith(prefix))
        .limit(limit)
        .toList();
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
