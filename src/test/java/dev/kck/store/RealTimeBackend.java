package dev.kck.store;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.awaitility.core.ThrowingRunnable;

/**
 * A backend on real time (a database with a clock of its own): time passes by waiting for it, and
 * one second is the shortest lifetime every such backend keeps apart (Cassandra TTLs are whole
 * seconds).
 */
public abstract class RealTimeBackend implements StoreBackend {

  @Override
  public final Instant now() {
    return Instant.now();
  }

  @Override
  public final Duration shortLifetime() {
    return Duration.ofSeconds(1);
  }

  /** Polls the expectation until it holds, for up to {@code elapsed} plus five seconds. */
  @Override
  public final void afterTimePasses(Duration elapsed, ThrowingRunnable expectation) {
    await().atMost(elapsed.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(expectation);
  }
}
