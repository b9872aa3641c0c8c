package dev.kck.cache;

import dev.kck.kernel.KckException;
import dev.kck.kernel.Threads;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where primers run: at most {@code cache.max_primer_runs} at once, each on a {@code kck-primer}
 * thread, and each waited for at most a deadline. A bulkhead: primers that are slow or stuck hold
 * their own threads, never a request's beyond the deadline, and never more than the bound; a run
 * beyond the bound is refused at once (503 with Retry-After) rather than queued. A primer that
 * fetches another key (a Java primer's context) computes it on its own thread, so nested runs never
 * wait for a free one.
 */
public final class PrimerPool implements AutoCloseable {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final ThreadLocal<Boolean> PRIMER_THREAD = ThreadLocal.withInitial(() -> false);

  private final ThreadPoolExecutor executor;
  private final Duration deadline;

  /**
   * @param maxRuns primer runs at once
   * @param deadline how long a caller waits for one run (a SQL primer's statement timeout ends it first)
   */
  public PrimerPool(int maxRuns, Duration deadline) {
    this.executor = new ThreadPoolExecutor(maxRuns, maxRuns, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        Threads.named("kck-primer"), new ThreadPoolExecutor.AbortPolicy());
    this.executor.allowCoreThreadTimeOut(true);
    this.deadline = deadline;
  }

  /** Runs one computation of {@code key} and returns its result; what it throws comes out as is. */
  <T> T run(String key, Callable<T> computation) throws Exception {
    if (PRIMER_THREAD.get()) {
      return computation.call();
    }
    Future<T> run = submit(key, computation);
    try {
      return run.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : new KckException.Internal(key + " failed", e.getCause());
    } catch (TimeoutException e) {
      run.cancel(true);
      throw new KckException.Timeout("computing " + key + " took longer than " + deadline.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      run.cancel(true);
      Thread.currentThread().interrupt();
      throw new KckException.Unavailable("interrupted while computing " + key, RETRY_AFTER, e);
    }
  }

  /** Primer runs under way now. */
  int running() {
    return executor.getActiveCount();
  }

  private <T> Future<T> submit(String key, Callable<T> computation) {
    try {
      return executor.submit(() -> {
        PRIMER_THREAD.set(true);
        return computation.call();
      });
    } catch (RejectedExecutionException e) {
      throw new KckException.Unavailable("this instance is computing as many values as it may at once "
          + "(cache.max_primer_runs); retry " + key + " shortly", RETRY_AFTER, null);
    }
  }

  /** Stops taking runs; runs under way get a bounded time to end. */
  @Override
  public void close() {
    Threads.stop(executor, Duration.ofSeconds(5));
  }
}
