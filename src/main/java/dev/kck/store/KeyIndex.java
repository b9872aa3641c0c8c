package dev.kck.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What the store knows across keys: which keys of a product are cached (to refresh them all when a
 * table they read changes, or on a schedule), when each was last used (to keep a product within its
 * bound of cached keys), and which keys were built from which (recorded when a Java primer fetched
 * another key while computing).
 *
 * <p>A key's last use is when its entry was last written ({@code modified} of the write, so a
 * prime, refresh or augmentation counts) or, later, when {@link #recordUse} says it was served.
 */
public interface KeyIndex {

  /**
   * The keys of a product's stored, unexpired entries: every key cached anywhere in the cluster.
   * A product's keys are its name alone (no parameters) or start with its name and {@code /}. At
   * most {@code limit} keys, in no particular order.
   */
  List<String> keysOf(String product, int limit);

  /**
   * Records that the keys were served at {@code usedAt}: their last use becomes at least that. Keys
   * not indexed (never stored, deleted, expired) are left alone: a use never brings one back. Sent
   * in batches, off the request path; the order of the keys does not matter.
   */
  void recordUse(Collection<String> keys, Instant usedAt);

  /**
   * The keys a bound of {@code bound} keys on the product evicts first: of its stored, unexpired
   * entries, all but the {@code bound} most recently used, least recently used first (equal uses in
   * key order), at most {@code limit} of them. Empty when the product is within its bound.
   */
  List<String> leastRecentlyUsed(String product, int bound, int limit);

  /** Records that {@code dependent}'s value was built from {@code dependency}'s. */
  void addDependency(String dependency, String dependent);

  /** The keys recorded as built from {@code dependency}. */
  Set<String> dependentsOf(String dependency);
}
