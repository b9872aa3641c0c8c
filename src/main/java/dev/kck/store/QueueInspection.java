package dev.kck.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What operators see of the durable refresh queue ({@code /admin/queue}, {@code kck queue}, the
 * queue gauges): how deep, how old, and who holds what. It changes nothing and claims nothing; the
 * numbers are a moment's, not a transaction's.
 */
public interface QueueInspection {

  /** The queue now, with at most {@code maxClaims} of its live claims (soonest lease end first). */
  QueueSnapshot snapshot(int maxClaims);

  /**
   * @param depth requests pending or claimed
   * @param oldest the longest-waiting request; null when the queue is empty
   * @param claimed live claims: not yet completed or released, lease not yet over
   */
  record QueueSnapshot(long depth, Oldest oldest, List<Claim> claimed) {
    public QueueSnapshot {
      claimed = List.copyOf(claimed);
    }

    /** When the longest-waiting request was first made; null when the queue is empty. */
    public Instant oldestRequested() {
      return oldest == null ? null : oldest.firstRequested();
    }
  }

  /** The longest-waiting request: its key, when it was first made, and its demand since. */
  record Oldest(String key, Instant firstRequested, long demand) {
    public Oldest {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(firstRequested, "firstRequested");
    }
  }

  /** A request being refreshed: by {@code holder} (an instance id) until {@code leaseUntil}, at the latest. */
  record Claim(String key, String holder, Instant leaseUntil) {
    public Claim {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(holder, "holder");
      Objects.requireNonNull(leaseUntil, "leaseUntil");
    }
  }
}
