package dev.kck.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A read-only look at the durable refresh queue, for operators ({@code kck queue}): how many
 * requests wait, how many are claimed now, and the oldest. It changes nothing and claims nothing.
 * Backends read their queue tables directly; the numbers are a moment's, not a transaction's.
 */
public interface QueueView {

  /** The queue as it stands now. */
  Summary summary();

  /**
   * @param depth requests pending or claimed (what {@link RefreshQueue#pending} counts)
   * @param claimed requests an instance holds a live claim on
   * @param oldest the request queued first, if any
   */
  record Summary(long depth, long claimed, Optional<Oldest> oldest) {}

  /** The oldest request: its key, when it was first queued, and its demand since. */
  record Oldest(String key, Instant firstRequested, long demand) {}
}
