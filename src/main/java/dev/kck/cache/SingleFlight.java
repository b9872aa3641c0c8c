package dev.kck.cache;

import dev.kck.kernel.KckException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** One run per key at a time in this process: concurrent callers wait for, and share, that run. */
final class SingleFlight<T> {
  private final ConcurrentHashMap<String, CompletableFuture<T>> running = new ConcurrentHashMap<>();

  T run(String key, Supplier<T> work) {
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<T> theirs = running.putIfAbsent(key, mine);
    if (theirs != null) {
      return await(theirs);
    }
    try {
      T result = work.get();
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  boolean isRunning(String key) {
    return running.containsKey(key);
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KckException.Unavailable("interrupted while waiting for a value", Duration.ofSeconds(1), e);
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new KckException.Internal("a shared primer run failed", e.getCause());
    }
  }
}
