package dev.kck.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs tasks on their own threads, released at the same moment, to make races likely. */
public final class Race {
  private Race() {}

  /**
   * Runs {@code task.apply(i)} for i in [0, threads) concurrently and returns the results in that
   * order; the first failure is rethrown with its cause.
   */
  public static <T> List<T> run(int threads, IntFunction<Callable<T>> task) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Callable<T>> tasks = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Callable<T> work = task.apply(i);
      tasks.add(() -> {
        start.await(30, TimeUnit.SECONDS);
        return work.call();
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> future : pool.invokeAll(tasks)) {
        results.add(resultOf(future));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T resultOf(Future<T> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
