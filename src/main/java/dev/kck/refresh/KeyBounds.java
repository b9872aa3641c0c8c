package dev.kck.refresh;

import dev.kck.config.KckConfig;
import dev.kck.product.ProductSpec;
import dev.kck.store.KeyIndex;

/**
 * Keeps a product within its bound of cached keys ({@code max_keys}, else {@code
 * cache.max_keys_per_product}), so a flood of distinct keys cannot grow the store, its index and
 * every later fan-out without limit: the keys beyond the bound, least recently used first ({@link
 * KeyIndex#leastRecentlyUsed}), are evicted ({@link Eviction}). Runs as a round of {@link
 * Schedules} (one instance per round, never on a request), a page of keys at a time and at most
 * {@value #MAX_PAGES} pages a round: a flood larger than that is trimmed over several rounds.
 */
final class KeyBounds {
  /** Keys looked up and evicted at once. */
  static final int PAGE = 1000;
  static final int MAX_PAGES = 100;

  private final KeyIndex index;
  private final Eviction eviction;
  private final KckConfig.KeyBounds config;

  KeyBounds(KeyIndex index, Eviction eviction, KckConfig.KeyBounds config) {
    this.index = index;
    this.eviction = eviction;
    this.config = config;
  }

  /** Trims the product to its bound; returns how many keys were evicted. */
  int trim(ProductSpec spec) {
    int bound = boundOf(spec);
    int evicted = 0;
    for (int page = 0; page < MAX_PAGES; page++) {
      int done = eviction.evict(index.leastRecentlyUsed(spec.name(), bound, PAGE));
      evicted += done;
      if (done < PAGE) {
        break;
      }
    }
    return evicted;
  }

  int boundOf(ProductSpec spec) {
    return spec.maxKeys() != null ? spec.maxKeys() : config.maxKeysPerProduct();
  }
}
