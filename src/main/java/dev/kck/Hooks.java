package dev.kck;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.VersionListener;
import dev.kck.cluster.Notices;
import dev.kck.hook.Listeners;
import dev.kck.product.Key;
import dev.kck.store.StoredEntry;

/**
 * What tells code outside KCK what the cache did: the plugins' cache listeners, on their own
 * thread. Built before the read path, whose version listener and notices it wraps.
 */
record Hooks(Listeners listeners) {

  static Hooks start(Core core) {
    Listeners listeners = core.lifecycle().started("cache listeners",
        new Listeners(core.definitions().listeners(), core.products(), core.instanceId(), core.metrics()));
    return new Hooks(listeners);
  }

  /** The notices, also telling the listeners of every key this instance deletes. */
  Notices notices(Notices notices) {
    return listeners.alsoTelling(notices);
  }

  /** The version listener, also telling the listeners of every version written and primer failed. */
  VersionListener versions(VersionListener versions) {
    if (listeners.isEmpty()) {
      return versions;
    }
    return new VersionListener() {
      @Override
      public void written(CachedEntry entry, Origin origin) {
        versions.written(entry, origin);
        StoredEntry stored = entry.stored();
        switch (origin) {
          case PRIMED -> listeners.primed(stored);
          case REFRESHED -> listeners.refreshed(stored);
          case AUGMENTED -> listeners.augmented(stored);
        }
      }

      @Override
      public void primerFailed(Key key, RuntimeException failure) {
        versions.primerFailed(key, failure);
        listeners.primerFailed(key.text(), failure);
      }
    };
  }
}
