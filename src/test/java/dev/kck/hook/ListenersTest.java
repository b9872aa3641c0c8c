package dev.kck.hook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.product.Key;
import dev.kck.product.ProductRegistry;
import dev.kck.testing.CountingPrimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The listeners' thread: a slow listener never holds the caller; what does not fit is dropped and counted. */
class ListenersTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ProductRegistry products = new ProductRegistry(List.of(new CountingPrimer()));

  @Test
  void a_full_queue_drops_new_events_and_counts_them_without_waiting() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CacheListener stuck = new CacheListener() {
      @Override
      public void invalidated(Key key, String instance) throws InterruptedException {
        entered.countDown();
        release.await();
      }
    };
    try (Listeners listeners = new Listeners(List.of(stuck), products, "instance-a", meters)) {
      listeners.invalidated("counted/1");
      assertThat(entered.await(5, TimeUnit.SECONDS)).as("the first event reached the listener").isTrue();
      for (int i = 0; i < Listeners.QUEUE + 5; i++) {
        listeners.invalidated("counted/" + i); // the thread is busy: these queue, then overflow
      }
      assertThat(meters.get("kck.listener.events.dropped").tag("event", "invalidated").counter().count())
          .isEqualTo(5);
      release.countDown();
    }
  }

  @Test
  void with_no_listener_nothing_is_queued_and_nothing_counted() {
    try (Listeners listeners = new Listeners(List.of(), products, "instance-a", meters)) {
      listeners.invalidated("counted/1");
      assertThat(listeners.isEmpty()).isTrue();
      assertThat(meters.find("kck.listener.events.dropped").counter()).isNull();
    }
  }
}
