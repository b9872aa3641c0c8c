package dev.kck.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a stored value came from: the instance whose primer computed that version and how long the
 * primer took, for operators ({@code GET /admin/keys/{key}}). Written after the value, never on the
 * read path; a value changed in place (augmented) keeps no origin of its own, so callers compare
 * the origin's version with the entry's.
 */
public interface EntryOrigins {

  /** Records the origin of a version just written; kept at least until {@code expiresAt} (null: no limit). */
  void record(Origin origin, Instant expiresAt);

  /** The last origin recorded for the key, if any. */
  Optional<Origin> get(String key);

  /**
   * @param instance the id of the instance that ran the primer
   * @param primerMs how long the primer ran, in milliseconds
   */
  record Origin(String key, long version, String instance, double primerMs) {
    public Origin {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(instance, "instance");
    }
  }
}
