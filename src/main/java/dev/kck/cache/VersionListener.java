package dev.kck.cache;

import dev.kck.product.Key;

/**
 * Told of every version this instance writes (a primer run, an augmentation), after it is stored,
 * and of every primer run that failed: the layers above take it into the L1, tell the cluster,
 * refresh what was built from it and tell the listeners and webhooks.
 */
@FunctionalInterface
public interface VersionListener {

  /** What made a new version. */
  enum Origin {
    /** A primer run on a miss. */
    PRIMED,
    /** A primer run of a background refresh. */
    REFRESHED,
    /** An update applied in place. */
    AUGMENTED
  }

  void written(CachedEntry entry, Origin origin);

  /** A primer run for the key failed (a key without a value is no failure); nothing was written. */
  default void primerFailed(Key key, RuntimeException failure) {}
}
