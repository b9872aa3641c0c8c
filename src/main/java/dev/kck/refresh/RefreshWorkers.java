package dev.kck.refresh;

import dev.kck.cache.CacheStore;
import dev.kck.cache.Fetcher;
import dev.kck.cache.RefreshRequest;
import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through the durable refresh queue: {@code refresh.workers} threads per instance, each
 * claiming one request at a time under a lease, so exactly one instance refreshes a key and a
 * claim whose holder dies is retried elsewhere when its lease runs out. Idle workers poll, and
 * wake at once when a refresh is queued anywhere in the cluster.
 */
public final class RefreshWorkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RefreshWorkers.class);
  private static final long IDLE_POLL_MILLIS = 1000;
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private final CacheStore store;
  private final Fetcher fetcher;
  private final ProductRegistry registry;
  private final String owner;
  private final Duration lease;
  private final Consumer<String> deleted;
  private final List<Thread> threads = new ArrayList<>();
  private final Semaphore wakeUp = new Semaphore(0);
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  /**
   * @param deleted told of a key whose primer now finds no value (its entry was removed)
   */
  public RefreshWorkers(CacheStore store, Fetcher fetcher, ProductRegistry registry, String owner, Duration lease,
      int workers, Consumer<String> deleted) {
    this.store = store;
    this.fetcher = fetcher;
    this.registry = registry;
    this.owner = owner;
    this.lease = lease;
    this.deleted = deleted;
    for (int i = 1; i <= workers; i++) {
      Thread thread = new Thread(this::work, "kck-refresh-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  /**
   * A refresh was queued somewhere: one idle worker looks now. Waking them all would send every
   * worker of every instance after the same request at once, and on Cassandra each claim attempt
   * is a consensus round on one row: they would mostly contend and time out. The rest poll.
   */
  public void wakeUp() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  private void work() {
    while (running) {
      try {
        List<RefreshRequest> claimed = store.claimRefreshes(owner, lease, 1);
        if (claimed.isEmpty()) {
          idle();
        } else {
          refresh(claimed.get(0));
        }
      } catch (RuntimeException e) {
        log.warn("Refresh worker could not reach the cache store: {}", e.getMessage());
        idle();
      }
    }
  }

  private void refresh(RefreshRequest request) {
    try {
      Key key = registry.parse(request.key());
      Primer primer = registry.get(key.product());
      fetcher.refresh(key, primer);
      store.completeRefresh(request, owner);
      failures.remove(request.key());
    } catch (KckException.NotFound | KckException.BadRequest e) {
      // No value any more, or a key of a product that no longer exists as it was: drop it.
      store.delete(request.key());
      store.completeRefresh(request, owner);
      deleted.accept(request.key());
    } catch (RuntimeException e) {
      int failed = failures.merge(request.key(), 1, Integer::sum);
      Duration retry = backoff(failed);
      log.warn("Refresh of {} failed ({} time(s)); retrying in {} s: {}", request.key(), failed, retry.toSeconds(),
          e.getMessage());
      store.releaseRefresh(request, owner, retry);
    }
  }

  /** 1 s, 2 s, 4 s, ... up to the lease. */
  private Duration backoff(int failed) {
    Duration retry = FIRST_RETRY.multipliedBy(1L << Math.min(failed - 1, 20));
    return retry.compareTo(lease) > 0 ? lease : retry;
  }

  private void idle() {
    try {
      wakeUp.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops claiming; a refresh under way finishes or, if cut off, is retried after its lease. */
  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
