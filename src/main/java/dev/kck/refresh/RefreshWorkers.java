package dev.kck.refresh;

import dev.kck.cache.Fetcher;
import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;
import dev.kck.kernel.KckException;
import dev.kck.kernel.Threads;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.store.CacheStore;
import dev.kck.store.RefreshRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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
  private static final Duration IDLE_POLL = Duration.ofSeconds(1);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final CacheStore store;
  private final Fetcher fetcher;
  private final ProductRegistry registry;
  private final String owner;
  private final Duration lease;
  private final Duration idlePoll;
  private final Notices notices;
  private final List<Thread> threads = new ArrayList<>();
  private final Semaphore wakeUp = new Semaphore(0);
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  /** The request each worker thread holds a claim on now. */
  private final Map<Thread, RefreshRequest> working = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  /**
   * @param owner this instance, the holder of its claims
   * @param notices told of a key whose primer now finds no value (its entry is removed everywhere)
   */
  public RefreshWorkers(CacheStore store, Fetcher fetcher, ProductRegistry registry, Notices notices, String owner,
      Duration lease, int workers) {
    this(store, fetcher, registry, notices, owner, lease, workers, IDLE_POLL);
  }

  /** @param idlePoll how long an idle worker waits before it looks at the queue again, unless woken */
  RefreshWorkers(CacheStore store, Fetcher fetcher, ProductRegistry registry, Notices notices, String owner,
      Duration lease, int workers, Duration idlePoll) {
    this.idlePoll = idlePoll;
    this.store = store;
    this.fetcher = fetcher;
    this.registry = registry;
    this.owner = owner;
    this.lease = lease;
    this.notices = notices;
    ThreadFactory named = Threads.named("kck-refresh");
    for (int i = 0; i < workers; i++) {
      threads.add(named.newThread(this::work));
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

  /** How many workers wait for work now (an estimate, as of a moment). */
  int waiting() {
    return wakeUp.getQueueLength();
  }

  /**
   * Works through every request claimable now, on the calling thread, and returns how many it
   * took: what the workers do, without them (an embedding program's own loop, or a test's).
   */
  public int refreshDue() {
    int done = 0;
    while (refreshOne()) {
      done++;
    }
    return done;
  }

  private void work() {
    while (running) {
      try {
        if (!refreshOne()) {
          idle();
        }
      } catch (RuntimeException e) {
        log.warn("Refresh worker could not reach the cache store: {}", e.getMessage());
        idle();
      }
    }
  }

  /**
   * Claims one request and refreshes it; false when none is claimable. A worker that found work
   * first wakes another, which finds the next request or goes back to sleep: so one notice of a
   * burst (an update's fan-out) sets every idle worker going, a claim apart, instead of one at once
   * and the others at their next poll.
   */
  private boolean refreshOne() {
    List<RefreshRequest> claimed = store.queue().claim(owner, lease, 1);
    if (claimed.isEmpty()) {
      return false;
    }
    wakeUp();
    claimed.forEach(this::refresh);
    return true;
  }

  private void refresh(RefreshRequest request) {
    working.put(Thread.currentThread(), request);
    try {
      Key key = registry.parse(request.key());
      Primer primer = registry.get(key.product());
      fetcher.refresh(key, primer);
      store.queue().complete(request, owner);
      failures.remove(request.key());
    } catch (KckException.NotFound | KckException.BadRequest e) {
      // No value any more, or a key of a product that no longer exists as it was: drop it.
      store.entries().delete(request.key());
      store.queue().complete(request, owner);
      notices.publish(new Change(Change.Kind.DELETED, request.key(), 0));
    } catch (RuntimeException e) {
      int failed = failures.merge(request.key(), 1, Integer::sum);
      Duration retry = backoff(failed);
      log.warn("Refresh of {} failed ({} time(s)); retrying in {} s: {}", request.key(), failed, retry.toSeconds(),
          e.getMessage());
      store.queue().release(request, owner, retry);
    } finally {
      working.remove(Thread.currentThread());
    }
  }

  /** 1 s, 2 s, 4 s, ... up to the lease. */
  private Duration backoff(int failed) {
    Duration retry = FIRST_RETRY.multipliedBy(1L << Math.min(failed - 1, 20));
    return retry.compareTo(lease) > 0 ? lease : retry;
  }

  private void idle() {
    try {
      wakeUp.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Stops claiming and lets the refreshes under way finish for a while; a claim still held after
   * that is given back at once (claimable by another instance now, not after its lease).
   */
  @Override
  public void close() {
    running = false;
    wakeUp.release(threads.size());
    for (Thread thread : threads) {
      join(thread);
    }
    working.forEach((thread, request) -> {
      releaseQuietly(request);
      Threads.stop(thread, STOP_GRACE);
    });
  }

  private static void join(Thread thread) {
    try {
      thread.join(STOP_GRACE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void releaseQuietly(RefreshRequest request) {
    try {
      store.queue().release(request, owner, Duration.ZERO);
    } catch (RuntimeException e) {
      log.debug("Could not give back the claim on {}; it ends with its lease", request.key(), e);
    }
  }
}
