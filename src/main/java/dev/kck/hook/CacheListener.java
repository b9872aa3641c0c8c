package dev.kck.hook;

import dev.kck.product.Key;
import java.util.List;

/**
 * Java code told what the cache did, after it did it: found through {@link java.util.ServiceLoader}
 * in {@code plugins/} jars or on the classpath, like primers and updaters (list the class in {@code
 * META-INF/services/dev.kck.hook.CacheListener}; it needs a public no-argument constructor).
 *
 * <p>Each instance tells its own listeners of what it did itself, on one background thread, never
 * on a request's: a slow listener delays only the events after it, and when too many wait, new
 * ones are dropped (counted in {@code kck_listener_events_dropped_total}) rather than slow the
 * cache. A listener that throws is logged and counted ({@code kck_listener_failures_total}); the
 * cache carries on as if it had returned. Every method does nothing unless overridden.
 */
public interface CacheListener {

  /** A key was computed on a miss (the first value, or one past {@code ttl}). */
  default void primed(Key key, NewEntry entry, String instance) throws Exception {}

  /** A key was recomputed in the background (stale, scheduled, or after an update or a dependency). */
  default void refreshed(Key key, NewEntry entry, String instance) throws Exception {}

  /** An update was applied to a key's cached value in place. */
  default void augmented(Key key, NewEntry entry, String instance) throws Exception {}

  /** A key was removed from the cache ({@code DELETE /cache}, or its primer found no value any more). */
  default void invalidated(Key key, String instance) throws Exception {}

  /**
   * An update committed.
   *
   * @param keys the keys its {@code refreshes} name, expanded (the readers of the tables it wrote
   *     are refreshed too, but not listed)
   */
  default void updaterCommitted(String updater, List<Key> keys, String instance) throws Exception {}

  /** A primer run failed (its SQL, its Java code, its timeout, the source); no new value was written. */
  default void primerFailed(Key key, Exception failure, String instance) throws Exception {}
}
