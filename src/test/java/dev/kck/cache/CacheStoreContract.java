package dev.kck.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link CacheStore} backend must do. One subclass per backend supplies the store and
 * its sense of time ({@link StoreContractHooks}); extending this class runs the whole contract:
 * entries, versions and leases here, the refresh queue and dependencies in
 * {@link RefreshQueueContract}.
 */
public abstract class CacheStoreContract extends RefreshQueueContract {

  @Test
  void absent_key_is_empty() {
    assertThat(store.get(key("never-written"))).isEmpty();
  }

  @Test
  void put_then_get_returns_the_same_bytes_version_and_times() {
    StoredEntry entry = new StoredEntry(key("book/7"), json("{\"id\":7}"), 12, millis(now()), millis(now()).plus(LONG));

    assertThat(store.putIfNewer(entry)).isTrue();

    assertThat(store.get(entry.key())).get().usingRecursiveComparison().isEqualTo(entry);
  }

  @Test
  void entry_without_expiry_is_kept() {
    StoredEntry entry = entry(key("forever"), 3, "kept");
    store.putIfNewer(entry);

    assertThat(store.get(entry.key())).get().usingRecursiveComparison().isEqualTo(entry);
  }

  @Test
  void put_if_newer_refuses_an_equal_version() {
    String key = key("k");
    store.putIfNewer(entry(key, 5, "first"));

    assertThat(store.putIfNewer(entry(key, 5, "second"))).isFalse();
    assertThat(valueOf(key)).isEqualTo("first");
  }

  @Test
  void put_if_newer_refuses_an_older_version() {
    String key = key("k");
    store.putIfNewer(entry(key, 5, "newer"));

    assertThat(store.putIfNewer(entry(key, 4, "older"))).isFalse();
    assertThat(store.get(key)).get().extracting(StoredEntry::version).isEqualTo(5L);
    assertThat(valueOf(key)).isEqualTo("newer");
  }

  @Test
  void put_if_newer_replaces_with_a_newer_version() {
    String key = key("k");
    store.putIfNewer(entry(key, 5, "old"));

    assertThat(store.putIfNewer(entry(key, 6, "new"))).isTrue();
    assertThat(store.get(key)).get().extracting(StoredEntry::version).isEqualTo(6L);
    assertThat(valueOf(key)).isEqualTo("new");
  }

  @Test
  void racing_writers_leave_the_highest_version() throws Exception {
    String key = key("race");
    int writers = 16;

    List<Boolean> written = Race.run(writers, i -> () -> store.putIfNewer(entry(key, i + 1, "v" + (i + 1))));

    assertThat(written.get(writers - 1)).as("the highest version can never lose").isTrue();
    assertThat(store.get(key)).get().extracting(StoredEntry::version).isEqualTo((long) writers);
    assertThat(valueOf(key)).isEqualTo("v" + writers);
  }

  @Test
  void entry_past_its_expiry_is_not_returned() {
    String key = key("gone");
    store.putIfNewer(expiringEntry(key, 1, millis(now()).minusSeconds(1)));

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void entry_is_served_until_it_expires() {
    String key = key("soon-gone");
    store.putIfNewer(expiringEntry(key, 1, millis(now()).plus(shortLifetime())));
    assertThat(store.get(key)).isPresent();

    afterTimePasses(shortLifetime(), () -> assertThat(store.get(key)).isEmpty());
  }

  @Test
  void expired_entry_does_not_block_an_older_version() {
    String key = key("k");
    store.putIfNewer(expiringEntry(key, 9, millis(now()).minusSeconds(1)));

    assertThat(store.putIfNewer(entry(key, 2, "fresh"))).isTrue();
    assertThat(valueOf(key)).isEqualTo("fresh");
  }

  @Test
  void replace_writes_over_the_entry_it_was_read_from() {
    String key = key("k");
    store.putIfNewer(entry(key, store.nextVersion(key), "read")); // as the service does: versions from the store
    StoredEntry current = store.get(key).orElseThrow();

    StoredEntry written = store.replace(current, json("\"in place\""), millis(now()), null).orElseThrow();

    assertThat(written.version()).isGreaterThan(current.version());
    assertThat(store.get(key)).get().usingRecursiveComparison().isEqualTo(written);
    assertThat(valueOf(key)).isEqualTo("in place");
    assertThat(store.nextVersion(key)).as("versions keep growing past it").isGreaterThan(written.version());
  }

  @Test
  void replace_refuses_when_another_version_was_written_since_the_read() {
    String key = key("k");
    store.putIfNewer(entry(key, 5, "read"));
    StoredEntry current = store.get(key).orElseThrow();
    store.putIfNewer(entry(key, 6, "meanwhile"));

    assertThat(store.replace(current, json("\"in place\""), millis(now()), null)).isEmpty();
    assertThat(valueOf(key)).isEqualTo("meanwhile");
  }

  @Test
  void replace_refuses_when_the_entry_was_deleted_since_the_read() {
    String key = key("k");
    store.putIfNewer(entry(key, 5, "read"));
    StoredEntry current = store.get(key).orElseThrow();
    store.delete(key);

    assertThat(store.replace(current, json("\"in place\""), millis(now()), null)).isEmpty();
    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void replace_refuses_an_entry_that_has_expired() {
    String key = key("k");
    store.putIfNewer(expiringEntry(key, 5, millis(now()).plus(shortLifetime())));
    StoredEntry current = store.get(key).orElseThrow();

    afterTimePasses(shortLifetime(), () -> assertThat(store.get(key)).isEmpty());

    assertThat(store.replace(current, json("\"in place\""), millis(now()), null)).isEmpty();
    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void racing_replacements_of_one_read_let_exactly_one_win() throws Exception {
    String key = key("race");
    store.putIfNewer(entry(key, store.nextVersion(key), "read"));
    StoredEntry current = store.get(key).orElseThrow();
    int writers = 8;

    List<Boolean> written = Race.run(writers,
        i -> () -> store.replace(current, json("\"v" + i + "\""), millis(now()), null).isPresent());

    assertThat(written).containsOnlyOnce(true);
    assertThat(valueOf(key)).isEqualTo("v" + written.indexOf(true));
  }

  @Test
  void delete_removes_the_entry() {
    String key = key("k");
    store.putIfNewer(entry(key, 1, "v"));

    store.delete(key);

    assertThat(store.get(key)).isEmpty();
  }

  @Test
  void delete_of_an_absent_key_does_nothing() {
    store.delete(key("never-written"));

    assertThat(store.get(key("never-written"))).isEmpty();
  }

  @Test
  void delete_if_version_removes_only_at_the_stored_version() {
    String key = key("k");
    store.putIfNewer(entry(key, 5, "v"));

    assertThat(store.deleteIfVersion(key, 4)).isFalse();
    assertThat(store.deleteIfVersion(key, 6)).isFalse();
    assertThat(store.get(key)).isPresent();
    assertThat(store.deleteIfVersion(key, 5)).isTrue();
    assertThat(store.get(key)).isEmpty();
    assertThat(store.deleteIfVersion(key, 5)).as("already gone").isFalse();
  }

  @Test
  void delete_if_version_finds_nothing_to_remove_in_an_expired_entry() {
    String key = key("k");
    store.putIfNewer(expiringEntry(key, 3, millis(now()).minusSeconds(1)));

    assertThat(store.deleteIfVersion(key, 3)).isFalse();
  }

  @Test
  void keys_of_a_product_are_its_unexpired_keys_and_no_other_products() {
    String product = product("a");
    store.putIfNewer(entry(product + "/1", 1, "v"));
    store.putIfNewer(entry(product + "/2/x%2Fy", 1, "v"));
    store.putIfNewer(expiringEntry(product + "/3", 1, millis(now()).minusSeconds(1)));
    store.putIfNewer(entry(product("ab") + "/1", 1, "v"));
    store.putIfNewer(entry(product.replace('_', 'x') + "/1", 1, "v")); // '_' is no wildcard

    assertThat(store.keysOf(product, 100)).containsExactlyInAnyOrder(product + "/1", product + "/2/x%2Fy");
    assertThat(store.keysOf(product("none"), 100)).isEmpty();
  }

  @Test
  void keys_of_a_product_without_parameters_is_its_name() {
    String product = product("solo");
    store.putIfNewer(entry(product, 1, "v"));

    assertThat(store.keysOf(product, 100)).containsExactly(product);
  }

  @Test
  void keys_of_a_product_stop_at_the_limit() {
    String product = product("many");
    List<String> keys = IntStream.range(0, 5).mapToObj(i -> product + "/" + i).toList();
    keys.forEach(key -> store.putIfNewer(entry(key, 1, "v")));

    assertThat(store.keysOf(product, 3)).hasSize(3).doesNotHaveDuplicates().isSubsetOf(keys);
    assertThat(store.keysOf(product, 5)).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void keys_of_drops_an_entry_once_it_expires() {
    String product = product("soon");
    store.putIfNewer(expiringEntry(product + "/1", 1, millis(now()).plus(shortLifetime())));
    assertThat(store.keysOf(product, 100)).containsExactly(product + "/1");

    afterTimePasses(shortLifetime(), () -> assertThat(store.keysOf(product, 100)).isEmpty());
  }

  @Test
  void next_version_strictly_grows() {
    String key = key("k");
    long first = store.nextVersion(key);
    store.nextVersion(key("other"));
    long second = store.nextVersion(key);
    long third = store.nextVersion(key);

    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
  }

  @Test
  void next_version_never_repeats_across_threads() throws Exception {
    String key = key("k");
    int threads = 8;
    int each = 25;

    List<List<Long>> taken = Race.run(threads, i -> () -> {
      List<Long> versions = new ArrayList<>();
      for (int n = 0; n < each; n++) {
        versions.add(store.nextVersion(key));
      }
      return versions;
    });

    Set<Long> all = new HashSet<>();
    for (List<Long> versions : taken) {
      assertThat(versions).isSorted().doesNotHaveDuplicates();
      all.addAll(versions);
    }
    assertThat(all).hasSize(threads * each);
  }

  @Test
  void next_version_after_delete_grows_past_the_deleted_version() {
    String key = key("k");
    long deleted = store.nextVersion(key);
    store.putIfNewer(entry(key, deleted, "v"));
    store.delete(key);

    assertThat(store.nextVersion(key)).isGreaterThan(deleted);
  }

  @Test
  void first_owner_gets_the_lease() {
    assertThat(store.tryLease(key("lease"), "a", LONG)).isTrue();
  }

  @Test
  void second_owner_is_refused_while_the_lease_is_held() {
    store.tryLease(key("lease"), "a", LONG);

    assertThat(store.tryLease(key("lease"), "b", LONG)).isFalse();
  }

  @Test
  void owner_renews_its_own_lease() {
    store.tryLease(key("lease"), "a", LONG);

    assertThat(store.tryLease(key("lease"), "a", LONG)).isTrue();
    assertThat(store.tryLease(key("lease"), "b", LONG)).isFalse();
  }

  @Test
  void another_owner_takes_an_expired_lease_over() {
    String lease = key("lease");
    store.tryLease(lease, "a", shortLifetime());
    assertThat(store.tryLease(lease, "b", LONG)).isFalse();

    afterTimePasses(shortLifetime(), () -> assertThat(store.tryLease(lease, "b", LONG)).isTrue());
    assertThat(store.tryLease(lease, "a", LONG)).isFalse();
  }

  @Test
  void release_lets_another_owner_take_the_lease_at_once() {
    store.tryLease(key("lease"), "a", LONG);

    store.releaseLease(key("lease"), "a");

    assertThat(store.tryLease(key("lease"), "b", LONG)).isTrue();
  }

  @Test
  void release_by_another_owner_does_nothing() {
    store.tryLease(key("lease"), "a", LONG);

    store.releaseLease(key("lease"), "b");

    assertThat(store.tryLease(key("lease"), "b", LONG)).isFalse();
    assertThat(store.tryLease(key("lease"), "a", LONG)).isTrue();
  }

  @Test
  void leases_of_different_names_are_independent() {
    store.tryLease(key("one"), "a", LONG);

    assertThat(store.tryLease(key("two"), "b", LONG)).isTrue();
  }

  @Test
  void ping_succeeds_when_the_store_is_up() {
    store.ping();
  }

  @ParameterizedTest
  @MethodSource("dev.kck.cache.StoreContractHooks#oddKeys")
  void odd_keys_round_trip(String key) {
    StoredEntry entry = entry(key, store.nextVersion(key), "odd");

    assertThat(store.putIfNewer(entry)).isTrue();
    assertThat(store.get(key)).get().usingRecursiveComparison().isEqualTo(entry);
    assertThat(store.keysOf(key.split("/", 2)[0], 1000)).contains(key);
    assertThat(store.tryLease(key, "a", LONG)).isTrue();
    assertThat(store.tryLease(key, "b", LONG)).isFalse();
    assertThat(store.deleteIfVersion(key, entry.version() + 1)).isFalse();
    assertThat(store.deleteIfVersion(key, entry.version())).isTrue();
    assertThat(store.get(key)).isEmpty();
  }

  // --- helpers ---

  private StoredEntry entry(String key, long version, String value) {
    return new StoredEntry(key, json("\"" + value + "\""), version, millis(now()), null);
  }

  private StoredEntry expiringEntry(String key, long version, Instant expiresAt) {
    return new StoredEntry(key, json("\"v\""), version, millis(now()), expiresAt);
  }

  private String valueOf(String key) {
    String json = new String(store.get(key).orElseThrow().value(), UTF_8);
    return json.substring(1, json.length() - 1);
  }

  private static byte[] json(String text) {
    return text.getBytes(UTF_8);
  }

  private static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
