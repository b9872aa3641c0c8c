package dev.kck.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What an operator sees of the durable refresh queue: how deep, how old, and who holds what. */
public interface QueueInspection {

  /** The queue now, with at most {@code maxClaims} of its live claims (soonest lease end first). */
  QueueSnapshot snapshot(int maxClaims);

  /**
   * @param depth requests pending or claimed
   * @param oldestRequested when the longest-waiting request was first made; null when the queue is empty
   * @param claimed live claims: not yet completed or released, lease not yet over
   */
  record QueueSnapshot(long depth, Instant oldestRequested, List<Claim> claimed) {
    public QueueSnapshot {
      claimed = List.copyOf(claimed);
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
