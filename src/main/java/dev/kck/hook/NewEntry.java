package dev.kck.hook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A value the cache has just stored, as a listener sees it: what {@code GET /fetch} would answer.
 *
 * @param key the canonical key text
 * @param value the value, parsed
 * @param version the key's new version
 * @param modified when the value was computed
 */
public record NewEntry(String key, JsonNode value, long version, Instant modified) {
  public NewEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(modified, "modified");
  }
}
