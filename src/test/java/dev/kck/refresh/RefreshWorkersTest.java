package dev.kck.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kck.product.Access;
import dev.kck.product.Key;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.PrimerContext;
import dev.kck.product.ProductSpec;
import dev.kck.testing.FreshnessEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Refresh workers on their own threads, over the memory store. */
class RefreshWorkersTest {
  private static final int WORKERS = 3;
  /** Long enough that no worker looks at the queue again by itself while a test runs. */
  private static final Duration NEVER = Duration.ofHours(1);

  private final CountDownLatch started = new CountDownLatch(WORKERS);
  private final CountDownLatch finish = new CountDownLatch(1);
  private final Primer blocking = new Primer() {
    private final ProductSpec spec = ProductSpec.of("slow", List.of(Parameter.of("id", ParamType.INT)))
        .withAccess(Access.PUBLIC);

    @Override
    public ProductSpec spec() {
      return spec;
    }

    @Override
    public Object compute(Key key, PrimerContext context) throws InterruptedException {
      started.countDown();
      finish.await(30, TimeUnit.SECONDS);
      return Map.of("id", key.values().get(0));
    }
  };

  @Test
  void one_wake_up_sets_every_idle_worker_on_a_burst_of_requests() throws Exception {
    try (FreshnessEngine engine = FreshnessEngine.of(blocking);
        RefreshWorkers workers = new RefreshWorkers(engine.store, engine.fetcher, engine.products, engine.notices,
            "instance-a", FreshnessEngine.LEASE, WORKERS, NEVER)) {
      workers.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> workers.waiting() == WORKERS);

      engine.store.queue().requestAll(List.of("slow/1", "slow/2", "slow/3"), 1);
      workers.wakeUp();

      assertThat(started.await(10, TimeUnit.SECONDS)).as("every worker computing one of the burst").isTrue();
      finish.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.store.queue().pending() == 0);
    }
  }
}
