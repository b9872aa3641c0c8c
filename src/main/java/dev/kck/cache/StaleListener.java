package dev.kck.cache;

import dev.kck.product.Key;

/** Told of every stale value served, so that a refresh of the key gets queued. */
@FunctionalInterface
public interface StaleListener {
  void servedStale(Key key);
}
