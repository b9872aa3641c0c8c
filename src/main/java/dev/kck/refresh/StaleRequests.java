package dev.kck.refresh;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kck.cache.StaleListener;
import dev.kck.kernel.Caches;
import dev.kck.product.Key;
import java.time.Duration;
import java.util.List;

/**
 * Stale-while-revalidate through the durable queue: the first stale serve of a key queues its
 * refresh; later stale serves of it, until its new version arrives (or the lease passes), do not
 * write to the store again.
 */
public final class StaleRequests implements StaleListener {
  private final RefreshPlanner planner;
  private final Cache<String, Boolean> requested;

  public StaleRequests(RefreshPlanner planner, Duration lease) {
    this.planner = planner;
    this.requested = Caches.builder().expireAfterWrite(lease).maximumSize(100_000).build();
  }

  @Override
  public void servedStale(Key key) {
    if (requested.asMap().putIfAbsent(key.text(), Boolean.TRUE) == null) {
      try {
        planner.request(List.of(key.text()));
      } catch (RuntimeException e) {
        requested.invalidate(key.text()); // the store is down: let a later stale serve try again
      }
    }
  }

  /** The key has a new version: a later staleness is a new one. */
  public void done(String key) {
    requested.invalidate(key);
  }
}
