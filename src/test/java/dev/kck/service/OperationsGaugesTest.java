package dev.kck.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.store.QueueInspection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsGaugesTest {
  private final QueueInspection sevenPending = maxClaims -> new QueueInspection.QueueSnapshot(7, null, List.of());

  @Test
  void gauges_keep_reading_after_a_garbage_collection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    int[] pings = {0};
    // Nothing but the registry holds the gauges' state: a gauge that held it weakly (Micrometer's
    // default) would read NaN once the collector had taken it.
    OperationsGauges.register(registry, sevenPending, Map.of("source", () -> pings[0]++), Clock.systemUTC());

    collectGarbage();

    assertThat(registry.get("kck.refresh.queue.depth").gauge().value()).isEqualTo(7);
    assertThat(registry.get("kck.dependency.up").tag("dependency", "source").gauge().value()).isEqualTo(1);
  }

  /** Until an object only weakly held is gone: the collector has run and cleared weak references. */
  private static void collectGarbage() {
    WeakReference<Object> sentinel = new WeakReference<>(new Object());
    for (int i = 0; i < 50 && sentinel.get() != null; i++) {
      System.gc();
    }
    assertThat(sentinel.get()).as("a collection happened").isNull();
  }
}
