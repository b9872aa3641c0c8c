package dev.kck.kernel;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * KCK's threads: every one named after its job and numbered ({@code kck-refresh-1}, {@code
 * kck-refresh-2}, ...), so a thread dump reads as a list of what the instance is doing. All are
 * daemons: the composition root stops them in order; none may keep a stopped JVM alive.
 */
public final class Threads {
  private Threads() {}

  /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
  public static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A scheduler of {@code threads} named threads. */
  public static ScheduledExecutorService scheduler(String prefix, int threads) {
    return Executors.newScheduledThreadPool(threads, named(prefix));
  }

  /**
   * Stops an executor the way the composition root stops everything: no new work, then up to
   * {@code grace} for running work to end, then interrupts and a last bounded wait.
   *
   * @return true when every thread ended
   */
  public static boolean stop(ExecutorService executor, Duration grace) {
    executor.shutdown();
    try {
      if (executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      executor.shutdownNow();
      return executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Interrupts a thread and waits up to {@code grace} for it to end; true when it did. */
  public static boolean stop(Thread thread, Duration grace) {
    thread.interrupt();
    try {
      thread.join(grace.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }
}
