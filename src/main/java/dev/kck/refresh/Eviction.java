package dev.kck.refresh;

import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;
import dev.kck.store.EntryStore;
import java.util.Collection;

/**
 * The one way KCK evicts cached keys on its own (a domain's {@code domain_evict}, a product over
 * its bound of cached keys): each entry is deleted from the store (with its index row) and a
 * {@code DELETED} notice tells every instance, this one too, to drop its L1 copy. The next fetch
 * of an evicted key is a miss.
 */
final class Eviction {
  private final EntryStore entries;
  private final Notices notices;

  Eviction(EntryStore entries, Notices notices) {
    this.entries = entries;
    this.notices = notices;
  }

  /** Evicts the keys; returns how many. */
  int evict(Collection<String> keys) {
    for (String key : keys) {
      entries.delete(key);
      notices.publish(new Change(Change.Kind.DELETED, key, 0));
    }
    return keys.size();
  }
}
