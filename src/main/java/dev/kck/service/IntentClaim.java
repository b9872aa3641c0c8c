package dev.kck.service;

import dev.kck.journal.Outbox;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * A relay's hold on one outbox intent while it walks the intent's fan-out, checked after each page:
 * renewed once half of it has passed, so a long fan-out is not taken over by a sweeper while it
 * still runs; and a stopping instance (its thread interrupted) ends the walk there, leaving the
 * intent, not done, for a sweeper to take once the claim lapses.
 */
final class IntentClaim implements Runnable {
  private final Outbox outbox;
  private final long id;
  private final Duration claim;
  private long renewedAt = System.nanoTime();

  IntentClaim(Outbox outbox, long id, Duration claim) {
    this.outbox = outbox;
    this.id = id;
    this.claim = claim;
  }

  /** @throws CancellationException when the thread was interrupted: the instance is stopping */
  @Override
  public void run() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("the instance is stopping; the fan-out is left to a sweeper");
    }
    long now = System.nanoTime();
    if (now - renewedAt > claim.toNanos() / 2) {
      // The same statement as a postponement: no sweeper takes the intent before now + claim.
      outbox.retryLater(id, claim);
      renewedAt = now;
    }
  }
}
