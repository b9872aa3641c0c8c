package dev.kck.cluster;

import java.util.function.Consumer;

/**
 * The cluster's notice board: a {@link Change} published on one instance reaches every instance
 * (the sender too) within milliseconds, best effort. A lost notice costs freshness, never data:
 * whatever a notice announces is already in the store. {@link ChangeFeed} carries them over
 * PostgreSQL; tests use an in-process one.
 */
public interface Notices {

  /** Sends a notice to every instance; failures are the carrier's to log, never thrown. */
  void publish(Change change);

  /** Called for every notice received, on the carrier's thread: listeners must not block. */
  void onChange(Consumer<Change> listener);

  /** Called when notices may have been missed (the carrier reconnected). */
  void onResync(Runnable resync);
}
