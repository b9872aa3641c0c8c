package dev.kck.store;

import java.util.List;
import java.util.Set;

/**
 * What the store knows across keys: which keys of a product are cached (to refresh them all when a
 * table they read changes, or on a schedule), and which keys were built from which (recorded when
 * a Java primer fetched another key while computing).
 */
public interface KeyIndex {

  /**
   * The keys of a product's stored, unexpired entries: every key cached anywhere in the cluster.
   * A product's keys are its name alone (no parameters) or start with its name and {@code /}. At
   * most {@code limit} keys, in no particular order.
   */
  List<String> keysOf(String product, int limit);

  /** Records that {@code dependent}'s value was built from {@code dependency}'s. */
  void addDependency(String dependency, String dependent);

  /** The keys recorded as built from {@code dependency}. */
  Set<String> dependentsOf(String dependency);
}
