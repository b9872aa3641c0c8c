package dev.kck.hook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;
import dev.kck.kernel.Json;
import dev.kck.kernel.Threads;
import dev.kck.product.Key;
import dev.kck.product.ProductRegistry;
import dev.kck.store.StoredEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this instance's {@link CacheListener}s what it did, in the order it did it, on one thread
 * ({@code kck-listeners-1}) behind a bounded queue: the caller only enqueues, and when the queue is
 * full the event is dropped and counted, never waited for. Everything a listener throws is caught,
 * logged and counted. With no listener there is no thread and every call returns at once.
 */
public final class Listeners implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);
  static final int QUEUE = 10_000;

  @FunctionalInterface
  private interface Call {
    void on(CacheListener listener) throws Exception;
  }

  private final List<CacheListener> listeners;
  private final ProductRegistry registry;
  private final String instance;
  private final MeterRegistry meters;
  private final ThreadPoolExecutor thread;

  public Listeners(List<CacheListener> listeners, ProductRegistry registry, String instance, MeterRegistry meters) {
    this.listeners = List.copyOf(listeners);
    this.registry = registry;
    this.instance = instance;
    this.meters = meters;
    this.thread = this.listeners.isEmpty() ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE), Threads.named("kck-listeners"), new ThreadPoolExecutor.AbortPolicy());
    if (!this.listeners.isEmpty()) {
      log.info("Cache listeners: {}", this.listeners.stream().map(l -> l.getClass().getName()).toList());
    }
  }

  /** True when there is no listener to tell: the callers may skip preparing events. */
  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  public void primed(StoredEntry entry) {
    newEntry("primed", entry, (listener, key, value) -> listener.primed(key, value, instance));
  }

  public void refreshed(StoredEntry entry) {
    newEntry("refreshed", entry, (listener, key, value) -> listener.refreshed(key, value, instance));
  }

  public void augmented(StoredEntry entry) {
    newEntry("augmented", entry, (listener, key, value) -> listener.augmented(key, value, instance));
  }

  public void invalidated(String key) {
    submit("invalidated", () -> {
      Key parsed = registry.parse(key);
      return listener -> listener.invalidated(parsed, instance);
    });
  }

  public void updaterCommitted(String updater, List<String> keys) {
    submit("updater_committed", () -> {
      List<Key> parsed = keys.stream().map(registry::parse).toList();
      return listener -> listener.updaterCommitted(updater, parsed, instance);
    });
  }

  public void primerFailed(String key, Exception failure) {
    submit("primer_failed", () -> {
      Key parsed = registry.parse(key);
      return listener -> listener.primerFailed(parsed, failure, instance);
    });
  }

  /**
   * The notices, which also tell the listeners of every key this instance announces deleted: every
   * removal from the cache is announced, so no remover needs to know of listeners.
   */
  public Notices alsoTelling(Notices notices) {
    if (listeners.isEmpty()) {
      return notices;
    }
    return new Notices() {
      @Override
      public void publish(Change change) {
        notices.publish(change);
        if (change.kind() == Change.Kind.DELETED) {
          invalidated(change.key());
        }
      }

      @Override
      public void onChange(Consumer<Change> listener) {
        notices.onChange(listener);
      }

      @Override
      public void onResync(Runnable resync) {
        notices.onResync(resync);
      }
    };
  }

  @FunctionalInterface
  private interface EntryCall {
    void on(CacheListener listener, Key key, NewEntry entry) throws Exception;
  }

  private void newEntry(String event, StoredEntry entry, EntryCall call) {
    submit(event, () -> {
      Key key = registry.parse(entry.key());
      NewEntry value = new NewEntry(entry.key(), parse(entry.value()), entry.version(), entry.modified());
      return listener -> call.on(listener, key, value);
    });
  }

  @FunctionalInterface
  private interface Prepared {
    Call prepare() throws Exception;
  }

  /** Queues the event; its arguments are prepared on the listeners' thread, not the caller's. */
  private void submit(String event, Prepared prepared) {
    if (thread == null) {
      return;
    }
    try {
      thread.execute(() -> deliver(event, prepared));
    } catch (RejectedExecutionException full) {
      Counter.builder("kck.listener.events.dropped")
          .description("Listener events dropped because the listeners' queue was full (or KCK was stopping)")
          .tag("event", event).register(meters).increment();
    }
  }

  private void deliver(String event, Prepared prepared) {
    Call call;
    try {
      call = prepared.prepare();
    } catch (Exception e) {
      log.warn("Could not prepare the {} event for the cache listeners: {}", event, e.getMessage());
      return;
    }
    for (CacheListener listener : listeners) {
      try {
        call.on(listener);
      } catch (Exception | LinkageError e) {
        Counter.builder("kck.listener.failures")
            .description("Calls to a cache listener that threw; the cache carried on")
            .tag("listener", listener.getClass().getName()).tag("event", event).register(meters).increment();
        log.warn("Cache listener {} threw on a {} event; carrying on", listener.getClass().getName(), event, e);
      }
    }
  }

  private static JsonNode parse(byte[] json) throws IOException {
    return Json.MAPPER.readTree(json);
  }

  /** Lets queued events finish for a moment, then stops the thread. */
  @Override
  public void close() {
    if (thread != null) {
      Threads.stop(thread, Duration.ofSeconds(2));
    }
  }
}
