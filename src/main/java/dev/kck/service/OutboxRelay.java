package dev.kck.service;

import dev.kck.journal.Outbox;
import dev.kck.service.AfterCommit.Refreshing;
import dev.kck.update.PreparedUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries committed updates' intents from the outbox to augmentation and the refresh queue. The
 * instance that committed an update relays it at once: its own keys on the request, the fan-out to
 * every cached key of its readers on a small background pool, page by page, so the response never
 * waits for (or holds) a flood of keys. An intent leaves the outbox only once its fan-out is
 * complete. When a relay fails (the cache store is down), the instance dies or stops mid-fan-out,
 * or the pool is full, the intent stays and any instance's {@link #sweep} takes it over once its
 * claim lapses, recomputing what it names. So every committed update's refreshes happen, whatever
 * the cache store was doing when it committed.
 */
public final class OutboxRelay {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int SWEEP_BATCH = 50;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final Outbox outbox;
  private final AfterCommit afterCommit;
  private final Duration claim;
  private final Executor fanOuts;

  /**
   * @param claim how long a relay holds an intent before another instance may take it over (a
   *     fan-out renews it as it goes)
   * @param fanOuts runs readers' fan-outs; bounded: one it refuses is left to the sweepers
   */
  public OutboxRelay(Outbox outbox, AfterCommit afterCommit, Duration claim, Executor fanOuts) {
    this.outbox = outbox;
    this.afterCommit = afterCommit;
    this.claim = claim;
    this.fanOuts = fanOuts;
  }

  Duration claim() {
    return claim;
  }

  /**
   * Applies the intent this instance just committed (the first attempt: augmentation allowed) to
   * the update's own keys, starts the readers' fan-out in the background, and returns what the
   * response names. When the own keys fail, everything is left to the sweepers.
   *
   * @param computeNow keys to recompute at once, on this thread, when they are not updated in place
   */
  Refreshing relayNow(long id, PreparedUpdate update, Set<String> computeNow) {
    List<String> own;
    try {
      own = afterCommit.apply(update, computeNow);
    } catch (RuntimeException e) {
      log.warn("Update {} committed, but its refreshes could not be queued now ({}); they will be, when the "
          + "cache store answers", update.spec().name(), e.getMessage());
      postpone(id, 1);
      return Refreshing.of(update.refreshKeys());
    }
    List<String> writes = update.spec().writes();
    if (afterCommit.hasReaders(writes)) {
      startFanOut(id, update.spec().name(), writes, Set.copyOf(own));
    } else {
      finish(id, update.spec().name());
    }
    return listed(writes, own);
  }

  private void startFanOut(long id, String updater, List<String> writes, Set<String> own) {
    try {
      fanOuts.execute(() -> fanOut(id, updater, writes, own));
    } catch (RejectedExecutionException e) {
      log.warn("Too many fan-outs running (or stopping): the readers of an update of {} are left to a sweeper",
          updater);
      postpone(id, 1);
    }
  }

  /** On the fan-out pool: every reader's key queued, then the intent is done. */
  private void fanOut(long id, String updater, List<String> writes, Set<String> own) {
    try {
      afterCommit.requestReaders(writes, own, new IntentClaim(outbox, id, claim));
      finish(id, updater);
    } catch (CancellationException e) {
      log.info("Stopping: the fan-out of an update of {} is left to a sweeper", updater);
    } catch (RuntimeException e) {
      log.warn("Update {} committed, but its readers could not all be queued now ({}); they will be, when the "
          + "cache store answers", updater, e.getMessage());
      postpone(id, 1);
    }
  }

  /** The intent is applied; if the outbox cannot be told, a sweeper applies it again (a recompute). */
  private void finish(long id, String updater) {
    try {
      outbox.done(id);
    } catch (RuntimeException e) {
      log.warn("The refreshes of an update of {} are queued, but its intent could not be cleared ({}); a sweeper "
          + "queues them again", updater, e.getMessage());
      postpone(id, 1);
    }
  }

  /** What the response names; only the update's own keys when the readers cannot be looked at now. */
  private Refreshing listed(List<String> writes, List<String> own) {
    try {
      return afterCommit.refreshing(writes, own);
    } catch (RuntimeException e) {
      log.debug("Could not look at the readers of an update for its response: {}", e.getMessage());
      return Refreshing.of(own);
    }
  }

  /** Takes over the intents whose relay failed or died, and recomputes what they name. */
  public void sweep() {
    try {
      for (Outbox.Claimed claimed : outbox.claimDue(SWEEP_BATCH, claim)) {
        if (Thread.currentThread().isInterrupted()) {
          return; // stopping: what is left here is taken again once its claim lapses
        }
        relayAgain(claimed);
      }
    } catch (RuntimeException e) {
      log.debug("Outbox sweep could not reach the source database: {}", e.getMessage());
    }
  }

  private void relayAgain(Outbox.Claimed claimed) {
    try {
      afterCommit.recompute(claimed.intent(), new IntentClaim(outbox, claimed.id(), claim));
      outbox.done(claimed.id());
      log.info("Relayed the refreshes of an update of {} (attempt {})", claimed.intent().updater(), claimed.attempts());
    } catch (CancellationException e) {
      log.info("Stopping: the refreshes of an update of {} are left to another sweep", claimed.intent().updater());
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
