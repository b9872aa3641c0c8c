package dev.kck.service;

import dev.kck.augment.Augmenter;
import dev.kck.journal.Intent;
import dev.kck.product.Key;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.update.PreparedUpdate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What follows a committed update: its {@code refreshes} keys are augmented in place where a rule
 * fits (milliseconds, before the response) or queued for refresh; and every cached key of the
 * products reading the tables it {@code writes} is queued too, a page at a time (the readers may be
 * millions, so that walk runs off the request, see {@link OutboxRelay}). An intent applied again
 * (its first relay failed, or died) is only ever recomputed: the first one may have applied it in
 * place.
 */
public final class AfterCommit {
  /** How many readers' keys a response looks at, to list those the caller may read. */
  static final int LOOK = 1000;

  private final Augmenter augmenter;
  private final RefreshPlanner planner;
  private final Predicate<String> refreshNow;
  private final Predicate<String> isCached;

  /** What a response says is being refreshed: keys to list (the update's own first), and how many in all. */
  record Refreshing(List<String> keys, long total) {
    Refreshing {
      keys = List.copyOf(keys);
    }

    static Refreshing of(List<String> keys) {
      return new Refreshing(keys, keys.size());
    }
  }

  /**
   * @param refreshNow recomputes a key at once on the calling thread; false when it could not (then
   *     it is queued like the others)
   * @param isCached whether the cache store holds a value for the key
   */
  public AfterCommit(Augmenter augmenter, RefreshPlanner planner, Predicate<String> refreshNow,
      Predicate<String> isCached) {
    this.augmenter = augmenter;
    this.planner = planner;
    this.refreshNow = refreshNow;
    this.isCached = isCached;
  }

  /**
   * The first application of an update's own keys, by the instance that committed it: each is
   * augmented in place, recomputed at once ({@code computeNow}) or queued.
   *
   * @param computeNow keys not queued but recomputed at once when not updated in place (the key a
   *     conditional update was based on: its response carries the new version)
   * @return the update's own keys, in a stable order
   */
  List<String> apply(PreparedUpdate update, Set<String> computeNow) {
    String updater = update.spec().name();
    Set<String> named = new LinkedHashSet<>();
    Set<String> toRefresh = new LinkedHashSet<>();
    for (Map<String, Object> call : update.calls()) {
      for (String key : update.spec().refreshKeys(call)) {
        named.add(key);
        // A second call on one key augments what the first produced; once one cannot, it refreshes.
        if (toRefresh.contains(key) || !augmenter.augment(key, updater, call)) {
          toRefresh.add(key);
        }
      }
    }
    computeNow.stream().filter(toRefresh::contains).filter(refreshNow).toList().forEach(toRefresh::remove);
    planner.requestForUpdate(toRefresh);
    return List.copyOf(named);
  }

  /** Whether any product reads one of the tables: whether there is a fan-out to run. */
  boolean hasReaders(Collection<String> writes) {
    return planner.readsAny(writes);
  }

  /**
   * Queues every cached key of the products reading the tables, but the update's own (dealt with
   * by {@link #apply}; one augmented in place must not be recomputed), a page at a time.
   */
  void requestReaders(Collection<String> writes, Set<String> own, Runnable afterEachPage) {
    planner.requestReadersOf(writes, own, afterEachPage);
  }

  /**
   * What the response says: the update's own keys, then those of the readers' first keys not among
   * them; the total counts each key queued once, a reader's key the update also names included.
   */
  Refreshing refreshing(Collection<String> writes, List<String> own) {
    RefreshPlanner.ReaderKeys readers = planner.readersAhead(writes, LOOK);
    Set<String> keys = new LinkedHashSet<>(own);
    keys.addAll(readers.first());
    long ownAlsoReaders = own.stream().filter(key -> readers.products().contains(Key.productOf(key)))
        .filter(isCached).count();
    return new Refreshing(new ArrayList<>(keys), own.size() + readers.count() - ownAlsoReaders);
  }

  /** A later application of an intent: everything it names, and every reader, recomputed. */
  void recompute(Intent intent, Runnable afterEachPage) {
    planner.requestForUpdate(intent.keys());
    planner.requestReadersOf(intent.writes(), Set.copyOf(intent.keys()), afterEachPage);
  }
}
