package dev.kck.service;

import java.util.List;

/**
 * What a committed update did.
 *
 * @param updater the updater's name
 * @param rows the rows affected, summed over every statement of every call
 * @param refreshing every key being refreshed or augmented because of it, in a stable order
 */
public record UpdateOutcome(String updater, long rows, List<String> refreshing) {
  public UpdateOutcome {
    refreshing = List.copyOf(refreshing);
  }
}
