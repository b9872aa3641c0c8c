package dev.kck.cache;

import dev.kck.store.EntryStore;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's L1 in step with versions written elsewhere in the cluster: an older copy
 * is dropped at once (so no fetch serves it again), and the new version is read from the store in
 * the background and takes its place, so a hot key is not a miss on every instance after every new
 * version. The notices arrive on the change feed's thread, which must never wait on the store:
 * the reads run on {@code refills}, and when that is saturated the slot just stays empty.
 */
public final class L1Follower {
  private static final Logger log = LoggerFactory.getLogger(L1Follower.class);

  private final L1Cache l1;
  private final EntryStore entries;
  private final Executor refills;

  public L1Follower(L1Cache l1, EntryStore entries, Executor refills) {
    this.l1 = l1;
    this.entries = entries;
    this.refills = refills;
  }

  /** The key has a new version somewhere: an older copy here is replaced by it. */
  public void newVersion(String key, long version) {
    if (!l1.invalidateOlderThan(key, version)) {
      return; // not held here, or held at that version already (this instance wrote it)
    }
    try {
      refills.execute(() -> refill(key, version));
    } catch (RejectedExecutionException e) {
      log.debug("L1 refill of {} skipped: the refill queue is full", key);
    }
  }

  /** The key's value was removed everywhere. */
  public void deleted(String key) {
    l1.invalidate(key);
  }

  /** Notices may have been missed: nothing in the L1 can be trusted to be current. */
  public void resync() {
    l1.clear();
  }

  private void refill(String key, long version) {
    try {
      entries.get(key).filter(stored -> stored.version() >= version).map(CachedEntry::of).ifPresent(l1::put);
    } catch (RuntimeException e) {
      log.debug("L1 refill of {} failed; its next fetch reads the store: {}", key, e.getMessage());
    }
  }
}
