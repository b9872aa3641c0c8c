package dev.kck.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The durable, cluster-wide refresh queue: one request per key, its demand counted, claimed by one
 * owner at a time under a lease, so a refresh asked for is never lost to a restart or to the death
 * of the instance that claimed it.
 */
public interface RefreshQueue {

  /**
   * Asks for a refresh of the key: adds a request to the queue, or adds {@code demand} to the
   * pending request for the key. A request made while the key is claimed is not lost: completing
   * that claim leaves the key pending again.
   */
  void request(String key, long demand);

  /**
   * {@link #request} for many keys (an update's fan-out). Backends that can queue them in fewer
   * round trips do; the default asks one by one.
   */
  default void requestAll(Collection<String> keys, long demand) {
    keys.forEach(key -> request(key, demand));
  }

  /**
   * Claims up to {@code limit} requests for {@code owner} until now plus {@code lease}: requests
   * not claimed, or whose claim has expired (the claimer died or stalled). Most demanded first,
   * then oldest first. Exactly one owner holds a claim on a key at a time.
   */
  List<RefreshRequest> claim(String owner, Duration lease, int limit);

  /**
   * Done with a claimed request: removes it, unless it was requested again after it was claimed
   * (its generation grew), in which case it becomes pending and claimable again at once. Does
   * nothing if {@code owner} no longer holds the claim.
   */
  void complete(RefreshRequest claimed, String owner);

  /**
   * Gives a claim back without completing it (the refresh failed, or the instance stops): the
   * request stays, claimable again after {@code retryAfter} (zero: at once).
   */
  void release(RefreshRequest claimed, String owner, Duration retryAfter);

  /** How many requests are pending or claimed (for metrics and tests). */
  long pending();
}
