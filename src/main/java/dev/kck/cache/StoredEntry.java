package dev.kck.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * A value as the shared cache store keeps it.
 *
 * @param key the canonical key text
 * @param value the value's JSON bytes (never Java-serialised)
 * @param version grows with every new value of the key, cluster-wide
 * @param modified when the value was computed
 * @param expiresAt when the store may drop it (null = never); past ttl plus stale_if_error
 */
public record StoredEntry(String key, byte[] value, long version, Instant modified, Instant expiresAt) {
  public StoredEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(modified, "modified");
    if (version <= 0) {
      throw new IllegalArgumentException("version must be positive: " + version);
    }
  }

  /** Checks that {@code next} may replace this entry ({@link CacheStore#replace}): same key, higher version. */
  public StoredEntry requireReplaceableBy(StoredEntry next) {
    if (!key.equals(next.key)) {
      throw new IllegalArgumentException("a replacement must be for the same key: " + key + " vs " + next.key);
    }
    if (next.version <= version) {
      throw new IllegalArgumentException("a replacement needs a higher version: " + next.version + " <= " + version);
    }
    return next;
  }
}
