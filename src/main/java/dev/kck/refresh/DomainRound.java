package dev.kck.refresh;

import dev.kck.product.ProductSpec;
import dev.kck.store.CacheStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One round of a product's domain, run by one instance of the cluster: the domain is read again
 * and compared with the keys cached anywhere (the store's key catalog, a page at a time). Domain
 * keys not cached (new to the domain, or expired) are queued on the durable refresh queue, so they
 * are cached within the round; cached keys outside it are left alone, or with {@code domain_evict}
 * removed everywhere.
 */
final class DomainRound {
  private final DomainKeys domains;
  private final CacheStore store;
  private final RefreshPlanner planner;
  private final Eviction eviction;

  /** What a round did: keys queued for priming, and keys removed from the store. */
  record Outcome(int queued, int evicted) {}

  DomainRound(DomainKeys domains, CacheStore store, RefreshPlanner planner, Eviction eviction) {
    this.domains = domains;
    this.store = store;
    this.planner = planner;
    this.eviction = eviction;
  }

  /**
   * Walks the product's cached keys a page at a time (never all held): each one in the domain is
   * not to be primed; with {@code domain_evict}, each one outside it is removed as it is met.
   */
  Outcome run(ProductSpec spec) {
    DomainKeys.Read domain = domains.of(spec);
    Set<String> entered = new LinkedHashSet<>(domain.keys());
    boolean evict = spec.domain().evict() && domain.complete();
    int[] evicted = {0};
    planner.forEachPage(spec.name(), page -> {
      List<String> outside = new ArrayList<>();
      for (String key : page) {
        if (domain.keys().contains(key)) {
          entered.remove(key);
        } else if (evict) {
          outside.add(key);
        }
      }
      evicted[0] += outside.isEmpty() ? 0 : eviction.evict(outside);
    });
    planner.request(entered);
    return new Outcome(entered.size(), evicted[0]);
  }

  /** The keys of the product's domain now: those a refresh_every round of a domain product refreshes. */
  Set<String> domainOf(ProductSpec spec) {
    return domains.of(spec).keys();
  }
}
