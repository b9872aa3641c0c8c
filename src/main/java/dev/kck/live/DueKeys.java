package dev.kck.live;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.Fetcher;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys with a version newer than their subscribers hold, each read once on the fan-out executor
 * however many notices named it meanwhile, and handed on. Marking a key due is a map update, cheap
 * enough for the change feed's thread; the read (the L1, else the store) is not, and runs on the
 * fan-out executor. A read that does not show the announced version yet (an eventually consistent
 * store) is tried again shortly.
 */
final class DueKeys {
  private static final Logger log = LoggerFactory.getLogger(DueKeys.class);
  private static final long[] REREAD_MILLIS = {50, 250, 1000};

  private final Fetcher fetcher;
  private final Executor fanOut;
  private final ScheduledExecutorService timer;
  private final Consumer<CachedEntry> deliver;
  private final ConcurrentHashMap<String, Long> due = new ConcurrentHashMap<>();

  /** @param timer where rereads wait; null = no rereads (tests) */
  DueKeys(Fetcher fetcher, Executor fanOut, ScheduledExecutorService timer, Consumer<CachedEntry> deliver) {
    this.fetcher = fetcher;
    this.fanOut = fanOut;
    this.timer = timer;
    this.deliver = deliver;
  }

  /** Marks the key due at {@code version} at least (0: whatever version is there). */
  void due(String key, long version) {
    boolean[] added = {false};
    due.compute(key, (k, known) -> {
      added[0] = known == null;
      return known == null ? version : Math.max(known, version);
    });
    if (added[0]) {
      fanOut.execute(() -> {
        Long wanted = due.remove(key);
        read(key, wanted == null ? 0 : wanted, 0);
      });
    }
  }

  private void read(String key, long wanted, int attempt) {
    Optional<CachedEntry> entry;
    try {
      entry = fetcher.peek(key);
    } catch (RuntimeException e) {
      log.debug("Could not read {} for its subscribers: {}", key, e.getMessage());
      entry = Optional.empty();
    }
    if (entry.isPresent() && entry.get().version() >= wanted) {
      deliver.accept(entry.get());
    } else if (timer != null && attempt < REREAD_MILLIS.length) {
      timer.schedule(() -> fanOut.execute(() -> read(key, wanted, attempt + 1)), REREAD_MILLIS[attempt],
          TimeUnit.MILLISECONDS);
    }
  }
}
