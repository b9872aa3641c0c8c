package dev.kck.refresh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What follows a committed update: its {@code refreshes} keys are augmented in place where a rule
 * fits (milliseconds, before the response) or queued for refresh, and every cached key of the
 * products reading the tables it {@code writes} is queued too.
 */
public final class AfterUpdate {
  private final Augmenter augmenter;
  private final RefreshPlanner planner;

  public AfterUpdate(Augmenter augmenter, RefreshPlanner planner) {
    this.augmenter = augmenter;
    this.planner = planner;
  }

  /**
   * @param calls each call's bound parameters: the augmentation hint
   * @param refreshKeys expands the updater's {@code refreshes} templates for one call
   * @return every key being refreshed or augmented, in a stable order
   */
  public List<String> apply(String updater, List<Map<String, Object>> calls, Collection<String> writes,
      BiFunction<String, Map<String, Object>, List<String>> refreshKeys) {
    Set<String> named = new LinkedHashSet<>();
    Set<String> augmented = new LinkedHashSet<>();
    Set<String> toRefresh = new LinkedHashSet<>();
    for (Map<String, Object> call : calls) {
      for (String key : refreshKeys.apply(updater, call)) {
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
    Set<String> readers = planner.readersOf(writes);
    readers.stream().filter(key -> !augmented.contains(key)).forEach(toRefresh::add);
    planner.request(toRefresh);
    List<String> all = new ArrayList<>(named);
    readers.stream().filter(key -> !named.contains(key)).forEach(all::add);
    return all;
  }
}
