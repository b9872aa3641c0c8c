package dev.kck.store.memory;

import dev.kck.store.CacheStore;
import dev.kck.store.StoreBackend;
import dev.kck.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.core.ThrowingRunnable;

/** The memory store on a fake clock: time passes when a test says so, and never otherwise. */
final class MemoryBackend implements StoreBackend {
  private final MutableClock clock = MutableClock.atFixedStart();

  @Override
  public CacheStore open() {
    return MemoryStore.open(clock);
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public Duration shortLifetime() {
    return Duration.ofMinutes(1);
  }

  @Override
  public void afterTimePasses(Duration elapsed, ThrowingRunnable expectation) {
    clock.advance(elapsed);
    try {
      expectation.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }
}
