package dev.kck.update;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A committed update.
 *
 * @param updater the updater's name
 * @param rows the rows affected, summed over every statement of every call
 * @param calls the bound parameters of each call, in body order: typed values, claim-derived ones
 *     included, null for an absent optional one. They expand {@code refreshes} (see {@link
 *     UpdateService#refreshKeys}) and are the hints for augmentation.
 */
public record UpdateResult(String updater, long rows, List<Map<String, Object>> calls) {

  public UpdateResult {
    Objects.requireNonNull(updater, "updater");
    // Each map may hold nulls (absent optional parameters), so Map.copyOf is no use; they come read-only.
    calls = Collections.unmodifiableList(List.copyOf(calls));
  }
}
