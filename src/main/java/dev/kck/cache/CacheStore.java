package dev.kck.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The shared cache store behind the in-process L1: one interface, one contract test, three
 * backends ({@code postgres}, {@code cassandra}, {@code memory}). Implementations are thread-safe
 * and wrap their own failures in {@link dev.kck.kernel.KckException.Unavailable}.
 *
 * <p>What every backend guarantees beyond the method comments, checked by the contract test:
 * <ul>
 *   <li>An entry past its {@code expiresAt} is absent: {@link #get} does not return it and
 *       {@link #putIfNewer} replaces it whatever its version, whether or not the backend has
 *       physically removed it yet (Cassandra's TTL removes it, PostgreSQL purges it later).
 *   <li>{@code modified} and {@code expiresAt} come back to at least the millisecond (Cassandra
 *       keeps milliseconds, PostgreSQL microseconds); the service uses millisecond instants.
 *   <li>Keys and lease names are any Unicode text without NUL (U+0000, which PostgreSQL text
 *       cannot hold) up to {@link #MAX_KEY_BYTES} bytes in UTF-8;
 *       callers (the key parser) refuse longer keys before they reach a store.
 * </ul>
 */
public interface CacheStore extends AutoCloseable {

  /**
   * The longest key, in UTF-8 bytes, that every backend stores. PostgreSQL's B-tree index refuses
   * entries much over 2.7 KB; this leaves room below that.
   */
  int MAX_KEY_BYTES = 2000;

  /** The backend's name as written in {@code cache.backend}. */
  String backend();

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
   * losing a race means recomputing instead; one round trip where the backend can (PostgreSQL),
   * instead of a lease, a version and a put.
   *
   * @return the entry written, or empty when the store no longer holds {@code current}
   */
  Optional<StoredEntry> replace(StoredEntry current, byte[] value, Instant modified, Instant expiresAt);

  /** Removes the key's entry (a later {@link #nextVersion} still grows past the removed version). */
  void delete(String key);

  /**
   * A new version for the key, greater than every version handed out for it before, by any
   * instance. Taken before a primer reads its source, so that a slower, older read loses the
   * compare-and-set in {@link #putIfNewer}.
   */
  long nextVersion(String key);

  /**
   * Takes or renews the named lease for {@code owner}: true when no one else holds it unexpired.
   * Leases make one instance of the cluster do a piece of work (a primer run, a refresh, a job).
   */
  boolean tryLease(String name, String owner, Duration duration);

  /** Gives the lease up early, if {@code owner} still holds it. */
  void releaseLease(String name, String owner);

  /**
   * Removes the key's entry only if the stored version equals {@code version} ({@code If-Match}
   * on {@code DELETE /cache}).
   *
   * @return true when the entry was removed; false when absent or at another version
   */
  boolean deleteIfVersion(String key, long version);

  /**
   * The keys of a product's stored, unexpired entries: every key cached anywhere in the cluster.
   * A product's keys are its name alone (no parameters) or start with its name and {@code /}.
   * Used to refresh every cached key of a product ({@code reads}, {@code refresh_every},
   * {@code depends_on}). At most {@code limit} keys, in no particular order.
   */
  List<String> keysOf(String product, int limit);

  // ---- The durable refresh queue ----

  /**
   * Asks for a refresh of the key: adds a request to the durable queue, or adds {@code demand}
   * to the pending request for the key (one request per key). A request made while the key is
   * claimed is not lost: completing that claim leaves the key pending again.
   */
  void requestRefresh(String key, long demand);

  /**
   * {@link #requestRefresh} for many keys (an update's fan-out). Backends that can queue them in
   * one round trip do; the default asks one by one.
   */
  default void requestRefreshes(Collection<String> keys, long demand) {
    RefreshRequest.requirePositiveDemand(demand);
    keys.forEach(key -> requestRefresh(key, demand));
  }

  /**
   * Claims up to {@code limit} requests for {@code owner} until now plus {@code lease}: requests
   * not claimed, or whose claim has expired (the claimer died or stalled). Most demanded first,
   * then oldest first. Exactly one owner holds a claim on a key at a time.
   */
  List<RefreshRequest> claimRefreshes(String owner, Duration lease, int limit);

  /**
   * Done with a claimed request: removes it, unless it was requested again after it was claimed
   * (its generation grew), in which case it becomes pending and claimable again at once. Does
   * nothing if {@code owner} no longer holds the claim.
   */
  void completeRefresh(RefreshRequest claimed, String owner);

  /**
   * Gives a claim back without completing it (the refresh failed): the request stays, claimable
   * again after {@code retryAfter}.
   */
  void releaseRefresh(RefreshRequest claimed, String owner, Duration retryAfter);

  /** How many refresh requests are pending or claimed (for metrics and tests). */
  long pendingRefreshes();

  // ---- Dependencies recorded at compute time ----

  /** Records that {@code dependent}'s value was built from {@code dependency}'s (a Java primer's fetch). */
  void addDependency(String dependency, String dependent);

  /** The keys recorded as built from {@code dependency}. */
  Set<String> dependentsOf(String dependency);

  /** Throws {@link dev.kck.kernel.KckException.Unavailable} when the store cannot be reached now. */
  void ping();

  /** Releases connections and threads. */
  @Override
  void close();
}
