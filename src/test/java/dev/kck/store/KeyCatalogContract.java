package dev.kck.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every backend's {@link KeyCatalog} must do: a product's keys paged in a stable order, so a
 * walk from the first page to the last sees every key that stays cached exactly once, and the
 * product's key count. One subclass per backend.
 */
public abstract class KeyCatalogContract extends StoreContract {
  @Test
  void pages_walk_every_key_of_the_product_once_in_key_order() {
    String product = product("walk");
    List<String> keys = IntStream.range(0, 7).mapToObj(i -> product + "/" + (char) ('g' - i)).toList();
    keys.forEach(key -> store.entries().putIfNewer(entry(key, 1, "v")));
    store.entries().putIfNewer(entry(product + "x/1", 1, "v")); // another product sharing the prefix

    List<List<String>> pages = walk(product, 3, () -> { });

    assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
    assertThat(pages.stream().flatMap(List::stream)).containsExactlyElementsOf(keys.stream().sorted().toList());
  }

  @Test
  void pages_neither_repeat_nor_skip_while_keys_are_added_and_removed() {
    String product = product("moving");
    List<String> keys = IntStream.range(10, 30).mapToObj(i -> product + "/" + i).toList();
    keys.forEach(key -> store.entries().putIfNewer(entry(key, 1, "v")));
    int[] added = {0};

    List<List<String>> pages = walk(product, 4, () -> {
      // Between pages: keys before and after the cursor arrive, and one not yet seen goes away.
      store.entries().putIfNewer(entry(product + "/0" + added[0], 1, "v"));
      store.entries().putIfNewer(entry(product + "/9" + added[0], 1, "v"));
      added[0]++;
    });
    List<String> seen = pages.stream().flatMap(List::stream).toList();

    assertThat(seen).doesNotHaveDuplicates().containsAll(keys);
    assertThat(seen).isSorted();
  }

  @Test
  void pages_leave_out_expired_entries_and_the_last_page_is_followed_by_nothing() {
    String product = product("expired");
    store.entries().putIfNewer(entry(product + "/1", 1, "v"));
    store.entries().putIfNewer(expiringEntry(product + "/2", 1, millis(now()).minusSeconds(1)));
    store.entries().putIfNewer(entry(product + "/3", 1, "v"));

    assertThat(store.catalog().keysAfter(product, null, 10)).containsExactly(product + "/1", product + "/3");
    assertThat(store.catalog().keysAfter(product, product + "/3", 10)).isEmpty();
    assertThat(store.catalog().keysAfter(product("none"), null, 10)).isEmpty();
  }

  @Test
  void a_product_without_parameters_pages_as_its_name() {
    String product = product("solo");
    store.entries().putIfNewer(entry(product, 1, "v"));

    assertThat(store.catalog().keysAfter(product, null, 10)).containsExactly(product);
    assertThat(store.catalog().count(product)).isEqualTo(1);
  }

  @Test
  void count_is_the_number_of_unexpired_keys_of_the_product() {
    String product = product("count");
    IntStream.range(0, 5).forEach(i -> store.entries().putIfNewer(entry(product + "/" + i, 1, "v")));
    store.entries().putIfNewer(expiringEntry(product + "/old", 1, millis(now()).minusSeconds(1)));
    store.entries().putIfNewer(entry(product("count_other") + "/1", 1, "v"));
    store.entries().delete(product + "/4");

    assertThat(store.catalog().count(product)).isEqualTo(4);
    assertThat(store.catalog().count(product("nothing"))).isZero();
  }

  /** Every page from the first, the cursor being the last key of the page before; {@code between} runs between pages. */
  private List<List<String>> walk(String product, int limit, Runnable between) {
    List<List<String>> pages = new ArrayList<>();
    String after = null;
    for (int round = 0; round < 100; round++) {
      List<String> page = store.catalog().keysAfter(product, after, limit);
      if (page.isEmpty()) {
        return pages;
      }
      pages.add(page);
      after = page.get(page.size() - 1);
      between.run();
    }
    throw new AssertionError("the walk did not end: " + pages);
  }
}
