package dev.kck.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.cluster.Change;
import dev.kck.config.KckConfig;
import dev.kck.product.ProductSpec;
import dev.kck.store.CacheStore;
import dev.kck.store.StoredEntry;
import dev.kck.store.memory.MemoryStore;
import dev.kck.testing.LocalNotices;
import dev.kck.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Trimming a product to its bound over the memory store, with the time of every write given. */
class KeyBoundsTest {
  private static final KckConfig.KeyBounds CONFIG = new KckConfig.KeyBounds(100, Duration.ofMinutes(1),
      Duration.ofSeconds(10));

  private final MutableClock clock = MutableClock.atFixedStart();
  private final CacheStore store = MemoryStore.open(clock);
  private final LocalNotices notices = new LocalNotices();
  private final KeyBounds bounds = new KeyBounds(store.index(), new Eviction(store.entries(), notices), CONFIG);

  @Test
  void a_product_far_over_its_bound_is_trimmed_to_it_page_by_page_oldest_first() {
    List<String> keys = write("flood", 2 * KeyBounds.PAGE + 150);

    int evicted = bounds.trim(ProductSpec.of("flood", List.of()));

    int excess = keys.size() - CONFIG.maxKeysPerProduct();
    assertThat(evicted).isEqualTo(excess);
    assertThat(store.index().keysOf("flood", 10_000)).containsExactlyInAnyOrderElementsOf(keys.subList(excess, keys.size()));
    assertThat(notices.published()).extracting(Change::kind).containsOnly(Change.Kind.DELETED);
    assertThat(notices.published()).extracting(Change::key).containsExactlyElementsOf(keys.subList(0, excess));
  }

  @Test
  void a_product_of_its_own_bound_keeps_that_many_and_one_within_it_loses_nothing() {
    write("own", 10);
    write("within", 100);

    assertThat(bounds.trim(ProductSpec.of("own", List.of()).withMaxKeys(4))).isEqualTo(6);
    assertThat(bounds.trim(ProductSpec.of("within", List.of()))).isZero();
    assertThat(store.catalog().count("own")).isEqualTo(4);
    assertThat(store.catalog().count("within")).isEqualTo(100);
  }

  /** {@code count} keys of the product, each written a millisecond after the one before. */
  private List<String> write(String product, int count) {
    List<String> keys = IntStream.range(0, count).mapToObj(i -> product + "/" + i).toList();
    for (String key : keys) {
      clock.advance(Duration.ofMillis(1));
      Instant now = clock.instant();
      store.entries().putIfNewer(new StoredEntry(key, "1".getBytes(StandardCharsets.UTF_8), 1, now, null));
    }
    return keys;
  }
}
