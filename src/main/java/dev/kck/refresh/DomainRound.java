package dev.kck.refresh;

import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;
import dev.kck.product.ProductSpec;
import dev.kck.store.CacheStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One round of a product's domain, run by one instance of the cluster: the domain is read again
 * and compared with the keys cached anywhere (the store's key index). Domain keys not cached (new
 * to the domain, or expired) are queued on the durable refresh queue, so they are cached within the
 * round; cached keys outside it are left alone, or with {@code domain_evict} removed everywhere.
 */
final class DomainRound {
  private final DomainKeys domains;
  private final CacheStore store;
  private final RefreshPlanner planner;
  private final Notices notices;

  /** What a round did: keys queued for priming, and keys removed from the store. */
  record Outcome(int queued, int evicted) {}

  DomainRound(DomainKeys domains, CacheStore store, RefreshPlanner planner, Notices notices) {
    this.domains = domains;
    this.store = store;
    this.planner = planner;
    this.notices = notices;
  }

  Outcome run(ProductSpec spec) {
    DomainKeys.Read domain = domains.of(spec);
    Set<String> cached = new HashSet<>(store.index().keysOf(spec.name(), RefreshPlanner.MAX_KEYS_PER_PRODUCT));
    List<String> entered = new ArrayList<>();
    for (String key : domain.keys()) {
      if (!cached.contains(key)) {
        entered.add(key);
      }
    }
    planner.request(entered);
    int evicted = 0;
    if (spec.domain().evict() && domain.complete()) {
      cached.removeAll(domain.keys());
      for (String key : cached) {
        store.entries().delete(key);
        notices.publish(new Change(Change.Kind.DELETED, key, 0));
        evicted++;
      }
    }
    return new Outcome(entered.size(), evicted);
  }

  /** The keys of the product's domain now: those a refresh_every round of a domain product refreshes. */
  Set<String> domainOf(ProductSpec spec) {
    return domains.of(spec).keys();
  }
}
