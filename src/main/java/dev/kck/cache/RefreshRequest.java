package dev.kck.cache;

import java.time.Instant;

/**
 * A refresh request as claimed from the durable queue.
 *
 * @param key the key to refresh
 * @param demand how many times it was requested since it was first queued
 * @param firstRequested when it was first queued
 * @param generation grows with every request of the key; a completion at an older generation
 *     leaves the key pending (it was requested again while being refreshed)
 */
public record RefreshRequest(String key, long demand, Instant firstRequested, long generation) {

  /** The check every backend makes on a demand given to {@link CacheStore#requestRefresh}: at least 1. */
  public static void requirePositiveDemand(long demand) {
    if (demand < 1) {
      throw new IllegalArgumentException("demand must be positive: " + demand);
    }
  }
}
