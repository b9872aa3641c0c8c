package dev.kck.cache;

/**
 * Told of every version this instance writes (a primer run, an augmentation), after it is stored:
 * the layers above take it into the L1, tell the cluster and refresh what was built from it.
 */
@FunctionalInterface
public interface VersionListener {
  void written(CachedEntry entry);
}
