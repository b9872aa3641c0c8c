package dev.kck.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every backend's {@link KeyIndex} must do: the keys of a product and recorded dependencies.
 * One subclass per backend.
 */
public abstract class KeyIndexContract extends StoreContract {
  @Test
  void keys_of_a_product_are_its_unexpired_keys_and_no_other_products() {
    String product = product("a");
    store.entries().putIfNewer(entry(product + "/1", 1, "v"));
    store.entries().putIfNewer(entry(product + "/2/x%2Fy", 1, "v"));
    store.entries().putIfNewer(expiringEntry(product + "/3", 1, millis(now()).minusSeconds(1)));
    store.entries().putIfNewer(entry(product("ab") + "/1", 1, "v"));
    store.entries().putIfNewer(entry(product.replace('_', 'x') + "/1", 1, "v")); // '_' is no wildcard

    assertThat(store.index().keysOf(product, 100)).containsExactlyInAnyOrder(product + "/1", product + "/2/x%2Fy");
    assertThat(store.index().keysOf(product("none"), 100)).isEmpty();
  }

  @Test
  void keys_of_a_product_without_parameters_is_its_name() {
    String product = product("solo");
    store.entries().putIfNewer(entry(product, 1, "v"));

    assertThat(store.index().keysOf(product, 100)).containsExactly(product);
  }

  @Test
  void keys_of_a_product_stop_at_the_limit() {
    String product = product("many");
    List<String> keys = IntStream.range(0, 5).mapToObj(i -> product + "/" + i).toList();
    keys.forEach(key -> store.entries().putIfNewer(entry(key, 1, "v")));

    assertThat(store.index().keysOf(product, 3)).hasSize(3).doesNotHaveDuplicates().isSubsetOf(keys);
    assertThat(store.index().keysOf(product, 5)).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void keys_of_drops_an_entry_once_it_expires() {
    String product = product("soon");
    store.entries().putIfNewer(expiringEntry(product + "/1", 1, millis(now()).plus(shortLifetime())));
    assertThat(store.index().keysOf(product, 100)).containsExactly(product + "/1");

    afterTimePasses(shortLifetime(), () -> assertThat(store.index().keysOf(product, 100)).isEmpty());
  }

  @Test
  void dependencies_are_recorded_once_and_listed_by_dependency() {
    store.index().addDependency(key("book/7"), key("availability/7"));
    store.index().addDependency(key("book/7"), key("availability/7"));
    store.index().addDependency(key("book/7"), key("shelf/1"));
    store.index().addDependency(key("author/3"), key("availability/7"));

    assertThat(store.index().dependentsOf(key("book/7"))).containsExactlyInAnyOrder(key("availability/7"), key("shelf/1"));
    assertThat(store.index().dependentsOf(key("author/3"))).containsExactly(key("availability/7"));
    assertThat(store.index().dependentsOf(key("never-recorded"))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.kck.store.StoreContract#oddKeys")
  void odd_keys_are_recorded_as_dependencies(String key) {
    store.index().addDependency(key, key);
    store.index().addDependency(key, key);

    assertThat(store.index().dependentsOf(key)).containsExactly(key);
  }

  @ParameterizedTest
  @MethodSource("dev.kck.store.StoreContract#oddKeys")
  void odd_keys_are_listed_under_their_product(String key) {
    store.entries().putIfNewer(new StoredEntry(key, json("1"), store.entries().nextVersion(key), millis(now()), null));

    assertThat(store.index().keysOf(key.split("/", 2)[0], 1000)).contains(key);
  }

  @Test
  void a_product_over_its_bound_gives_up_its_least_recently_written_keys_first() {
    String product = product("bounded");
    List<String> keys = writtenOneSecondApart(product, 5);
    store.entries().putIfNewer(entry(product("bounded_other") + "/1", 1, "v")); // another product: not counted

    assertThat(store.index().leastRecentlyUsed(product, 3, 100)).containsExactly(keys.get(0), keys.get(1));
    assertThat(store.index().leastRecentlyUsed(product, 3, 1)).containsExactly(keys.get(0));
    assertThat(store.index().leastRecentlyUsed(product, 0, 100)).containsExactlyElementsOf(keys);
    assertThat(store.index().leastRecentlyUsed(product, 5, 100)).isEmpty();
  }

  @Test
  void deleting_what_it_names_page_by_page_trims_a_product_to_its_bound_keeping_the_recently_used() {
    String product = product("trimmed");
    List<String> keys = writtenOneSecondApart(product, 12);
    store.index().recordUse(List.of(keys.get(0), keys.get(1)), millis(now()));

    List<String> page = store.index().leastRecentlyUsed(product, 5, 3);
    while (!page.isEmpty()) {
      page.forEach(store.entries()::delete);
      page = store.index().leastRecentlyUsed(product, 5, 3);
    }

    assertThat(store.catalog().count(product)).isEqualTo(5);
    assertThat(store.index().keysOf(product, 100))
        .containsExactlyInAnyOrder(keys.get(0), keys.get(1), keys.get(9), keys.get(10), keys.get(11));
  }

  @Test
  void a_recorded_use_keeps_a_key_from_the_front_and_an_older_one_changes_nothing() {
    String product = product("used");
    List<String> keys = writtenOneSecondApart(product, 5);
    Instant start = millis(now()).minusSeconds(100);

    store.index().recordUse(List.of(keys.get(0), keys.get(2)), start.plusSeconds(50));
    store.index().recordUse(List.of(keys.get(4)), start.minusSeconds(1)); // older than its write

    assertThat(store.index().leastRecentlyUsed(product, 2, 100)).containsExactly(keys.get(1), keys.get(3), keys.get(4));
  }

  @Test
  void a_write_counts_as_a_use() {
    String product = product("rewritten");
    List<String> keys = writtenOneSecondApart(product, 3);

    store.entries().putIfNewer(new StoredEntry(keys.get(0), json("2"), 2, millis(now()), null));

    assertThat(store.index().leastRecentlyUsed(product, 2, 100)).containsExactly(keys.get(1));
  }

  @Test
  void a_recorded_use_never_brings_back_a_deleted_or_unknown_key() {
    String product = product("gone");
    List<String> keys = writtenOneSecondApart(product, 2);
    store.entries().delete(keys.get(0));

    store.index().recordUse(List.of(keys.get(0), product + "/never-stored"), millis(now()));

    assertThat(store.index().keysOf(product, 100)).containsExactly(keys.get(1));
    assertThat(store.index().leastRecentlyUsed(product, 0, 100)).containsExactly(keys.get(1));
    assertThat(store.entries().get(keys.get(0))).isEmpty();
  }

  @Test
  void expired_keys_count_neither_towards_the_bound_nor_as_keys_to_evict() {
    String product = product("expiring");
    List<String> keys = writtenOneSecondApart(product, 2);
    store.entries().putIfNewer(new StoredEntry(product + "/expired", json("1"), 1, millis(now()).minusSeconds(200),
        millis(now()).minusSeconds(1)));

    assertThat(store.index().leastRecentlyUsed(product, 2, 100)).isEmpty();
    assertThat(store.index().leastRecentlyUsed(product, 1, 100)).containsExactly(keys.get(0));
  }

  /** {@code count} keys of the product, the first written 100 s ago and each next one a second later. */
  private List<String> writtenOneSecondApart(String product, int count) {
    Instant start = millis(now()).minusSeconds(100);
    List<String> keys = IntStream.range(0, count).mapToObj(i -> product + "/" + i).toList();
    for (int i = 0; i < count; i++) {
      store.entries().putIfNewer(new StoredEntry(keys.get(i), json("1"), 1, start.plusSeconds(i), null));
    }
    return keys;
  }
}
