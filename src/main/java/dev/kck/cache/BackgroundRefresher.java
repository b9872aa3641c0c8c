package dev.kck.cache;

import dev.kck.product.Key;
import dev.kck.product.Primer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes stale keys off the request path, one pending refresh per key, on a bounded pool of
 * named worker threads. Failures are logged and the stale value stays until its ttl.
 */
final class BackgroundRefresher {
  private static final Logger log = LoggerFactory.getLogger(BackgroundRefresher.class);

  private final ExecutorService workers;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final BiConsumer<Key, Primer> refresh;

  BackgroundRefresher(int threads, BiConsumer<Key, Primer> refresh) {
    AtomicInteger count = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "kck-refresh-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.refresh = refresh;
  }

  void request(Key key, Primer primer) {
    if (!pending.add(key.text())) {
      return;
    }
    try {
      workers.execute(() -> run(key, primer));
    } catch (RejectedExecutionException e) {
      pending.remove(key.text());
    }
  }

  private void run(Key key, Primer primer) {
    try {
      refresh.accept(key, primer);
    } catch (RuntimeException e) {
      log.warn("Background refresh of {} failed: {}", key.text(), e.getMessage());
    } finally {
      pending.remove(key.text());
    }
  }

  void close() {
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
