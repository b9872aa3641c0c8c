package dev.kck.cache;

import dev.kck.kernel.KckException;
import dev.kck.store.KeyIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the store which keys this instance served, so that a product over its bound evicts the
 * keys least recently used, not merely least recently written: a key served from the L1 for an hour
 * is used, even though no write touched it.
 *
 * <p>Why this shape: the hit path must stay free of I/O and allocation, so a hit only sets a flag
 * on its L1 entry ({@link CachedEntry#markUsed}); every {@code cache.key_uses_flush} this walks the
 * L1, takes the flags, and records those keys' use in the store's index in batches, stamped with
 * the flush's time. A use is therefore known to the store up to one flush late; writes (prime,
 * refresh, augmentation) record their own use at once. Each instance flushes its own L1; a flush
 * that fails loses that period's uses (they are marks, not data) and is logged.
 */
public final class KeyUses {
  /** Keys recorded per store call: one call is one round trip on PostgreSQL. */
  static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(KeyUses.class);

  private final L1Cache l1;
  private final KeyIndex index;
  private final Clock clock;

  public KeyUses(L1Cache l1, KeyIndex index, Clock clock) {
    this.l1 = l1;
    this.index = index;
    this.clock = clock;
  }

  /** Flushes every {@code every} on the scheduler, from now on. */
  public void start(ScheduledExecutorService scheduler, Duration every) {
    scheduler.scheduleWithFixedDelay(this::flushLogged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Records the uses since the last flush now; returns how many keys. */
  public int flush() {
    List<String> used = l1.takeUsedKeys();
    Instant now = clock.instant();
    for (int from = 0; from < used.size(); from += BATCH) {
      index.recordUse(used.subList(from, Math.min(used.size(), from + BATCH)), now);
    }
    return used.size();
  }

  private void flushLogged() {
    try {
      flush();
    } catch (KckException.Unavailable e) {
      log.warn("Could not record which keys were used ({}); this period's uses are lost", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Recording which keys were used failed; the next flush runs as planned", e);
    }
  }
}
