package dev.kck.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The values of the shared cache store, by key, with a version compare-and-set on every write.
 *
 * <p>What every backend guarantees beyond the method comments, checked by the contract test:
 * <ul>
 *   <li>An entry past its {@code expiresAt} is absent: {@link #get} does not return it and
 *       {@link #putIfNewer} replaces it whatever its version, whether or not the backend has
 *       physically removed it yet (Cassandra's TTL removes it, PostgreSQL purges it later).
 *   <li>{@code modified} and {@code expiresAt} come back to at least the millisecond (Cassandra
 *       keeps milliseconds, PostgreSQL microseconds); the service uses millisecond instants.
 *   <li>Keys are any Unicode text without NUL (U+0000, which PostgreSQL text cannot hold) up to
 *       {@link dev.kck.product.Key#MAX_LENGTH} characters; the key parser refuses longer ones.
 * </ul>
 */
public interface EntryStore {

  /** The stored entry, unless absent or past its {@code expiresAt}. */
  Optional<StoredEntry> get(String key);

  /**
   * Stores the entry unless the store already holds the key at an equal or greater version
   * (compare-and-set on version: a value computed from an older read never replaces a newer one).
   *
   * @return true when this entry was written
   */
  boolean putIfNewer(StoredEntry entry);

  /**
   * Replaces {@code current} with a new value at a new version (as {@link #nextVersion} would give)
   * only if the store still holds {@code current}: the same key at the same version, unexpired
   * (compare-and-set on the version read). Used to change a value in place (augmentation), where
   * losing a race means recomputing instead; one round trip where the backend can (PostgreSQL).
   *
   * @return the entry written, or empty when the store no longer holds {@code current}
   */
  Optional<StoredEntry> replace(StoredEntry current, byte[] value, Instant modified, Instant expiresAt);

  /** Removes the key's entry (a later {@link #nextVersion} still grows past the removed version). */
  void delete(String key);

  /**
   * Removes the key's entry only if the stored version equals {@code version} ({@code If-Match}
   * on {@code DELETE /cache}).
   *
   * @return true when the entry was removed; false when absent or at another version
   */
  boolean deleteIfVersion(String key, long version);

  /**
   * A new version for the key, greater than every version handed out for it before, by any
   * instance. Taken before a primer reads its source, so that a slower, older read loses the
   * compare-and-set in {@link #putIfNewer}.
   */
  long nextVersion(String key);
}
