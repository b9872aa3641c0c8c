package dev.kck.store;

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
}
