package dev.kck.store;

import java.time.Duration;
import java.time.Instant;
import org.awaitility.core.ThrowingRunnable;

/** A backend under the store contract tests: how to open it, and its sense of time. */
public interface StoreBackend {

  /** A store for one test; the contract closes it afterwards. */
  CacheStore open();

  /** The store's current time, the base for {@code modified} and {@code expiresAt}. */
  Instant now();

  /** A lifetime for entries, leases and claims that a test then outlives: short when time is real. */
  Duration shortLifetime();

  /**
   * Lets {@code elapsed} pass for the store, then checks {@code expectation}: a fake clock moves on
   * and checks once; real time is polled (Awaitility) until the expectation holds.
   */
  void afterTimePasses(Duration elapsed, ThrowingRunnable expectation);
}
