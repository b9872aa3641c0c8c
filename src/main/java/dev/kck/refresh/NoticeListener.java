package dev.kck.refresh;

import dev.kck.cache.L1Follower;
import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;

/**
 * What this instance does with the cluster's notices: its L1 follows new versions and deletions
 * made anywhere, a stale key's refresh bookkeeping ends with its new version, and an idle refresh
 * worker looks at the queue as soon as something is queued. Runs on the notice carrier's thread,
 * so nothing here waits on the store or a client.
 */
public final class NoticeListener {
  private final L1Follower l1;
  private final StaleRequests stale;
  private final RefreshWorkers workers;

  private NoticeListener(L1Follower l1, StaleRequests stale, RefreshWorkers workers) {
    this.l1 = l1;
    this.stale = stale;
    this.workers = workers;
  }

  /** Subscribes this instance's reactions to the notices. */
  public static void listen(Notices notices, L1Follower l1, StaleRequests stale, RefreshWorkers workers) {
    NoticeListener listener = new NoticeListener(l1, stale, workers);
    notices.onChange(listener::changed);
    notices.onResync(l1::resync);
  }

  private void changed(Change change) {
    switch (change.kind()) {
      case NEW_VERSION -> {
        l1.newVersion(change.key(), change.version());
        stale.done(change.key());
      }
      case DELETED -> l1.deleted(change.key());
      case REFRESH_QUEUED -> workers.wakeUp();
    }
  }
}
