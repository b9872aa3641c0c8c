package dev.kck.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.testing.Race;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every backend's {@link EntryStore} must do: values by key, the version compare-and-set,
 * expiry, versions, and keys of any shape. One subclass per backend.
 */
public abstract class EntryStoreContract extends StoreContract {
  @Test
  void absent_key_is_empty() {
    assertThat(store.entries().get(key("never-written"))).isEmpty();
  }

  @Test
  void put_then_get_returns_the_same_bytes_version_and_times() {
    StoredEntry entry = new StoredEntry(key("book/7"), json("{\"id\":7}"), 12, millis(now()), millis(now()).plus(LONG));

    assertThat(store.entries().putIfNewer(entry)).isTrue();

    assertThat(store.entries().get(entry.key())).get().usingRecursiveComparison().isEqualTo(entry);
  }

  @Test
  void entry_without_expiry_is_kept() {
    StoredEntry entry = entry(key("forever"), 3, "kept");
    store.entries().putIfNewer(entry);

    assertThat(store.entries().get(entry.key())).get().usingRecursiveComparison().isEqualTo(entry);
  }

  @Test
  void put_if_newer_refuses_an_equal_version() {
    String key = key("k");
    store.entries().putIfNewer(entry(key, 5, "first"));

    assertThat(store.entries().putIfNewer(entry(key, 5, "second"))).isFalse();
    assertThat(valueOf(key)).isEqualTo("first");
  }

  @Test
  void put_if_newer_refuses_an_older_version() {
    String key = key("k");
    store.entries().putIfNewer(entry(key, 5, "newer"));

    assertThat(store.entries().putIfNewer(entry(key, 4, "older"))).isFalse();
    assertThat(store.entries().get(key)).get().extracting(StoredEntry::version).isEqualTo(5L);
    assertThat(valueOf(key)).isEqualTo("newer");
  }

  @Test
  void put_if_newer_replaces_with_a_newer_version() {
    String key = key("k");
    store.entries().putIfNewer(entry(key, 5, "old"));

    assertThat(store.entries().putIfNewer(entry(key, 6, "new"))).isTrue();
    assertThat(store.entries().get(key)).get().extracting(StoredEntry::version).isEqualTo(6L);
    assertThat(valueOf(key)).isEqualTo("new");
  }

  @Test
  void racing_writers_leave_the_highest_version() throws Exception {
    String key = key("race");
    int writers = 16;

    List<Boolean> written = Race.run(writers, i -> () -> store.entries().putIfNewer(entry(key, i + 1, "v" + (i + 1))));

    assertThat(written.get(writers - 1)).as("the highest version can never lose").isTrue();
    assertThat(store.entries().get(key)).get().extracting(StoredEntry::version).isEqualTo((long) writers);
    assertThat(valueOf(key)).isEqualTo("v" + writers);
  }

  @Test
  void entry_past_its_expiry_is_not_returned() {
    String key = key("gone");
    store.entries().putIfNewer(expiringEntry(key, 1, millis(now()).minusSeconds(1)));

    assertThat(store.entries().get(key)).isEmpty();
  }

  @Test
  void entry_is_served_until_it_expires() {
    String key = key("soon-gone");
    store.entries().putIfNewer(expiringEntry(key, 1, millis(now()).plus(shortLifetime())));
    assertThat(store.entries().get(key)).isPresent();

    afterTimePasses(shortLifetime(), () -> assertThat(store.entries().get(key)).isEmpty());
  }

  @Test
  void expired_entry_does_not_block_an_older_version() {
    String key = key("k");
    store.entries().putIfNewer(expiringEntry(key, 9, millis(now()).minusSeconds(1)));

    assertThat(store.entries().putIfNewer(entry(key, 2, "fresh"))).isTrue();
    assertThat(valueOf(key)).isEqualTo("fresh");
  }

  @Test
  void replace_writes_over_the_entry_it_was_read_from() {
    String key = key("k");
    store.entries().putIfNewer(entry(key, store.entries().nextVersion(key), "read")); // as the service does: versions from the store
    StoredEntry current = store.entries().get(key).orElseThrow();

    StoredEntry written = store.entries().replace(current, json("\"in place\""), millis(now()), null).orElseThrow();

    assertThat(written.version()).isGreaterThan(current.version());
    assertThat(store.entries().get(key)).get().usingRecursiveComparison().isEqualTo(written);
    assertThat(valueOf(key)).isEqualTo("in place");
    assertThat(store.entries().nextVersion(key)).as("versions keep growing past it").isGreaterThan(written.version());
  }

  @Test
  void replace_refuses_when_another_version_was_written_since_the_read() {
    String key = key("k");
    store.entries().putIfNewer(entry(key, 5, "read"));
    StoredEntry current = store.entries().get(key).orElseThrow();
    store.entries().putIfNewer(entry(key, 6, "meanwhile"));

    assertThat(store.entries().replace(current, json("\"in place\""), millis(now()), null)).isEmpty();
    assertThat(valueOf(key)).isEqualTo("meanwhile");
  }

  @Test
  void replace_refuses_when_the_entry_was_deleted_since_the_read() {
    String key = key("k");
    store.entries().putIfNewer(entry(key, 5, "read"));
    StoredEntry current = store.entries().get(key).orElseThrow();
    store.entries().delete(key);

    assertThat(store.entries().replace(current, json("\"in place\""), millis(now()), null)).isEmpty();
    assertThat(store.entries().get(key)).isEmpty();
  }

  @Test
  void replace_refuses_an_entry_that_has_expired() {
    String key = key("k");
    store.entries().putIfNewer(expiringEntry(key, 5, millis(now()).plus(shortLifetime())));
    StoredEntry current = store.entries().get(key).orElseThrow();

    afterTimePasses(shortLifetime(), () -> assertThat(store.entries().get(key)).isEmpty());

    assertThat(store.entries().replace(current, json("\"in place\""), millis(now()), null)).isEmpty();
    assertThat(store.entries().get(key)).isEmpty();
  }

  @Test
  void racing_replacements_of_one_read_let_exactly_one_win() throws Exception {
    String key = key("race");
    store.entries().putIfNewer(entry(key, store.entries().nextVersion(key), "read"));
    StoredEntry current = store.entries().get(key).orElseThrow();
    int writers = 8;

    List<Boolean> written = Race.run(writers,
        i -> () -> store.entries().replace(current, json("\"v" + i + "\""), millis(now()), null).isPresent());

    assertThat(written).containsOnlyOnce(true);
    assertThat(valueOf(key)).isEqualTo("v" + written.indexOf(true));
  }

  @Test
  void delete_removes_the_entry() {
    String key = key("k");
    store.entries().putIfNewer(entry(key, 1, "v"));

    store.entries().delete(key);

    assertThat(store.entries().get(key)).isEmpty();
  }

  @Test
  void delete_of_an_absent_key_does_nothing() {
    store.entries().delete(key("never-written"));

    assertThat(store.entries().get(key("never-written"))).isEmpty();
  }

  @Test
  void delete_if_version_removes_only_at_the_stored_version() {
    String key = key("k");
    store.entries().putIfNewer(entry(key, 5, "v"));

    assertThat(store.entries().deleteIfVersion(key, 4)).isFalse();
    assertThat(store.entries().deleteIfVersion(key, 6)).isFalse();
    assertThat(store.entries().get(key)).isPresent();
    assertThat(store.entries().deleteIfVersion(key, 5)).isTrue();
    assertThat(store.entries().get(key)).isEmpty();
    assertThat(store.entries().deleteIfVersion(key, 5)).as("already gone").isFalse();
  }

  @Test
  void delete_if_version_finds_nothing_to_remove_in_an_expired_entry() {
    String key = key("k");
    store.entries().putIfNewer(expiringEntry(key, 3, millis(now()).minusSeconds(1)));

    assertThat(store.entries().deleteIfVersion(key, 3)).isFalse();
  }

  @Test
  void next_version_strictly_grows() {
    String key = key("k");
    long first = store.entries().nextVersion(key);
    store.entries().nextVersion(key("other"));
    long second = store.entries().nextVersion(key);
    long third = store.entries().nextVersion(key);

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
        versions.add(store.entries().nextVersion(key));
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
    long deleted = store.entries().nextVersion(key);
    store.entries().putIfNewer(entry(key, deleted, "v"));
    store.entries().delete(key);

    assertThat(store.entries().nextVersion(key)).isGreaterThan(deleted);
  }

  @Test
  void ping_succeeds_when_the_store_is_up() {
    store.ping();
  }

  @ParameterizedTest
  @MethodSource("dev.kck.store.StoreContract#oddKeys")
  void odd_keys_round_trip(String key) {
    StoredEntry entry = entry(key, store.entries().nextVersion(key), "odd");

    assertThat(store.entries().putIfNewer(entry)).isTrue();
    assertThat(store.entries().get(key)).get().usingRecursiveComparison().isEqualTo(entry);
    assertThat(store.entries().deleteIfVersion(key, entry.version() + 1)).isFalse();
    assertThat(store.entries().deleteIfVersion(key, entry.version())).isTrue();
    assertThat(store.entries().get(key)).isEmpty();
  }

  // --- helpers ---

  private String valueOf(String key) {
    String json = new String(store.entries().get(key).orElseThrow().value(), UTF_8);
    return json.substring(1, json.length() - 1);
  }
}
