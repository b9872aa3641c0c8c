package dev.kck.service;

import dev.kck.journal.Outbox;
import dev.kck.update.PreparedUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries committed updates' intents from the outbox to augmentation and the refresh queue. The
 * instance that committed an update relays it at once; when that fails (the cache store is down)
 * or the instance dies first, the intent stays in the outbox and any instance's {@link #sweep}
 * takes it over once its claim lapses, recomputing what it names. So every committed update's
 * refreshes happen, whatever the cache store was doing when it committed.
 */
public final class OutboxRelay {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int SWEEP_BATCH = 50;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final Outbox outbox;
  private final AfterCommit afterCommit;
  private final Duration claim;

  /** @param claim how long a relay holds an intent before another instance may take it over */
  public OutboxRelay(Outbox outbox, AfterCommit afterCommit, Duration claim) {
    this.outbox = outbox;
    this.afterCommit = afterCommit;
    this.claim = claim;
  }

  Duration claim() {
    return claim;
  }

  /**
   * Applies the intent this instance just committed (the first attempt: augmentation allowed);
   * returns the keys being refreshed, or empty when it failed and was left to the sweepers.
   *
   * @param computeNow keys to recompute at once, on this thread, when they are not updated in place
   */
  List<String> relayNow(long id, PreparedUpdate update, Set<String> computeNow) {
    try {
      List<String> refreshing = afterCommit.apply(update, afterCommit.readersOf(update), computeNow);
      outbox.done(id);
      return refreshing;
    } catch (RuntimeException e) {
      log.warn("Update {} committed, but its refreshes could not be queued now ({}); they will be, when the "
          + "cache store answers", update.spec().name(), e.getMessage());
      postpone(id, 1);
      return List.of();
    }
  }

  /** Takes over the intents whose relay failed or died, and recomputes what they name. */
  public void sweep() {
    try {
      for (Outbox.Claimed claimed : outbox.claimDue(SWEEP_BATCH, claim)) {
        relayAgain(claimed);
      }
    } catch (RuntimeException e) {
      log.debug("Outbox sweep could not reach the source database: {}", e.getMessage());
    }
  }

  private void relayAgain(Outbox.Claimed claimed) {
    try {
      afterCommit.recompute(claimed.intent());
      outbox.done(claimed.id());
      log.info("Relayed the refreshes of an update of {} (attempt {})", claimed.intent().updater(), claimed.attempts());
    } catch (RuntimeException e) {
      log.warn("Refreshes of an update of {} still cannot be queued (attempt {}): {}", claimed.intent().updater(),
          claimed.attempts(), e.getMessage());
      postpone(claimed.id(), claimed.attempts());
    }
  }

  /** 1 s, 2 s, 4 s, ... up to a minute. */
  private void postpone(long id, int attempts) {
    Duration delay = Duration.ofSeconds(1L << Math.min(attempts - 1, 6));
    try {
      outbox.retryLater(id, delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay);
    } catch (RuntimeException e) {
      log.debug("Could not postpone an outbox intent; its claim lapses by itself: {}", e.getMessage());
    }
  }
}
