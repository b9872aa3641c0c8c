package dev.kck.update;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An update checked and ready to run: the updater, and the bound parameters of each call, in body
 * order (typed values, claim-derived ones included, null for an absent optional one). The calls
 * expand the updater's {@code refreshes} and are the hints for augmentation.
 */
public record PreparedUpdate(Updater updater, List<Map<String, Object>> calls) {

  public PreparedUpdate {
    Objects.requireNonNull(updater, "updater");
    // Each map may hold nulls (absent optional parameters), so Map.copyOf is no use; they come read-only.
    calls = Collections.unmodifiableList(List.copyOf(calls));
  }

  public UpdaterSpec spec() {
    return updater.spec();
  }

  /** Every key the calls refresh, deduplicated, in order of first appearance. */
  public List<String> refreshKeys() {
    Set<String> keys = new LinkedHashSet<>();
    calls.forEach(call -> keys.addAll(spec().refreshKeys(call)));
    return List.copyOf(keys);
  }
}
