package dev.kck.service;

import dev.kck.augment.Augmenter;
import dev.kck.journal.Intent;
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
 * fits (milliseconds, before the response) or queued for refresh, and every cached key of the
 * products reading the tables it {@code writes} is queued too. An intent applied again (its first
 * relay failed, or died) is only ever recomputed: the first one may have applied it in place.
 */
public final class AfterCommit {
  private final Augmenter augmenter;
  private final RefreshPlanner planner;
  private final Predicate<String> refreshNow;

  /**
   * @param refreshNow recomputes a key at once on the calling thread; false when it could not (then
   *     it is queued like the others)
   */
  public AfterCommit(Augmenter augmenter, RefreshPlanner planner, Predicate<String> refreshNow) {
    this.augmenter = augmenter;
    this.planner = planner;
    this.refreshNow = refreshNow;
  }

  /** Every cached key of the products that read the tables the update writes. */
  Set<String> readersOf(PreparedUpdate update) {
    return planner.readersOf(update.spec().writes());
  }

  /**
   * The first application of an update, by the instance that committed it.
   *
   * @param readers {@link #readersOf} the update
   * @param computeNow keys not queued but recomputed at once when not updated in place (the key a
   *     conditional update was based on: its response carries the new version)
   * @return every key being refreshed or augmented, in a stable order
   */
  List<String> apply(PreparedUpdate update, Collection<String> readers, Set<String> computeNow) {
    String updater = update.spec().name();
    Set<String> named = new LinkedHashSet<>();
    Set<String> augmented = new LinkedHashSet<>(); // or recomputed at once: in either case not queued
    Set<String> toRefresh = new LinkedHashSet<>();
    for (Map<String, Object> call : update.calls()) {
      for (String key : update.spec().refreshKeys(call)) {
        named.add(key);
        // A second call on one key augments what the first produced; once one cannot, it refreshes.
        if (!toRefresh.contains(key) && augmenter.augment(key, updater, call)) {
          augmented.add(key);
        } else {
          toRefresh.add(key);
        }
      }
    }
    augmented.removeAll(toRefresh);
    computeNow.stream().filter(toRefresh::contains).filter(refreshNow).forEach(key -> {
      toRefresh.remove(key);
      augmented.add(key);
    });
    readers.stream().filter(key -> !augmented.contains(key)).forEach(toRefresh::add);
    planner.request(toRefresh);
    List<String> all = new ArrayList<>(named);
    readers.stream().filter(key -> !named.contains(key)).forEach(all::add);
    return all;
  }

  /** A later application of an intent: everything it names, and every reader, recomputed. */
  void recompute(Intent intent) {
    Set<String> keys = new LinkedHashSet<>(intent.keys());
    keys.addAll(planner.readersOf(intent.writes()));
    planner.request(keys);
  }
}
