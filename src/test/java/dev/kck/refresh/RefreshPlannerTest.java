package dev.kck.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.cluster.Change;
import dev.kck.product.Access;
import dev.kck.product.Key;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.store.CacheStore;
import dev.kck.store.RefreshRequest;
import dev.kck.store.StoredEntry;
import dev.kck.store.memory.MemoryStore;
import dev.kck.testing.LocalNotices;
import dev.kck.testing.MutableClock;
import dev.kck.testing.ScriptedPrimer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Which keys a change affects, worked out over a memory store whose cached keys the test writes
 * itself: the readers of a table, the dependents of a key (by {@code depends_on} template and as
 * recorded by Java primers), the page-by-page fan-out and what a response looks at before it, and
 * the one notice a queued batch publishes.
 */
class RefreshPlannerTest {
  private final MutableClock clock = MutableClock.atFixedStart();
  private final CacheStore store = MemoryStore.open(clock);
  private final LocalNotices notices = new LocalNotices();
  private ProductRegistry registry;

  @Test
  void readers_of_a_table_are_every_cached_key_of_every_product_that_reads_it() {
    RefreshPlanner planner = planner(
        product("book", "id:int").reads("books").spec(),
        product("shelf", "id:int").reads("shelves", "books").spec(),
        product("author", "id:int").reads("authors").spec(),
        product("bookmark", "id:int").spec(),
        product("catalogue").reads("books").spec());
    cache("book/1", "book/2", "shelf/1", "author/1", "bookmark/1", "catalogue");

    assertThat(queuedReadersOf(planner, "books")).containsExactlyInAnyOrder("book/1", "book/2", "shelf/1", "catalogue");
    assertThat(queuedReadersOf(planner, "authors")).containsExactly("author/1");
    assertThat(queuedReadersOf(planner, "shelves", "authors")).containsExactlyInAnyOrder("shelf/1", "author/1");
  }

  @Test
  void a_table_no_product_reads_has_no_readers() {
    RefreshPlanner planner = planner(product("book", "id:int").reads("books").spec());
    cache("book/1");

    assertThat(planner.readsAny(List.of("loans"))).isFalse();
    assertThat(queuedReadersOf(planner, "loans")).isEmpty();
    assertThat(queuedReadersOf(planner)).isEmpty();
  }

  @Test
  void readers_of_a_table_are_only_the_keys_cached_now() {
    RefreshPlanner planner = planner(product("book", "id:int").reads("books").spec());

    assertThat(queuedReadersOf(planner, "books")).isEmpty();
    cache("book/3");
    assertThat(queuedReadersOf(planner, "books")).containsExactly("book/3");
  }

  @Test
  void a_fan_out_queues_every_page_of_readers_but_the_keys_it_is_told_to_leave() {
    RefreshPlanner planner = planner(product("book", "id:int").reads("books").spec());
    int keys = RefreshPlanner.PAGE * 2 + 7;
    cache(IntStream.rangeClosed(1, keys).mapToObj(id -> "book/" + id).toArray(String[]::new));
    AtomicInteger pages = new AtomicInteger();

    planner.requestReadersOf(List.of("books"), Set.of("book/5", "book/6"), pages::incrementAndGet);

    assertThat(pages).hasValue(3);
    List<String> queued = claimAll();
    assertThat(queued).hasSize(keys - 2).doesNotHaveDuplicates().doesNotContain("book/5", "book/6");
  }

  @Test
  void a_fan_out_stops_where_its_page_callback_throws() {
    RefreshPlanner planner = planner(product("book", "id:int").reads("books").spec());
    cache(IntStream.rangeClosed(1, RefreshPlanner.PAGE * 3).mapToObj(id -> "book/" + id).toArray(String[]::new));

    assertThatThrownBy(() -> planner.requestReadersOf(List.of("books"), Set.of(), () -> {
      throw new CancellationException("stopping");
    })).isInstanceOf(CancellationException.class);

    assertThat(store.queue().pending()).isEqualTo(RefreshPlanner.PAGE);
  }

  @Test
  void readers_ahead_counts_every_reader_and_reads_no_more_keys_than_asked() {
    RefreshPlanner planner = planner(
        product("book", "id:int").reads("books").spec(),
        product("shelf", "id:int").reads("books").spec(),
        product("author", "id:int").reads("authors").spec());
    cache("book/1", "book/2", "book/3", "shelf/1", "shelf/2", "author/1");

    RefreshPlanner.ReaderKeys readers = planner.readersAhead(List.of("books"), 4);

    assertThat(readers.products()).containsExactlyInAnyOrder("book", "shelf");
    assertThat(readers.count()).isEqualTo(5);
    assertThat(readers.first()).containsExactly("book/1", "book/2", "book/3", "shelf/1");
    assertThat(store.queue().pending()).as("looking queues nothing").isZero();
  }

  @Test
  void dependents_by_template_are_the_cached_keys_with_the_changed_keys_values() {
    RefreshPlanner planner = planner(
        product("book", "id:int").spec(),
        product("shelf", "id:int").dependsOn("book/:id").spec(),
        product("translation", "book_id:int", "lang:string").dependsOn("book/:book_id").spec());
    cache("shelf/7", "shelf/8", "translation/7/en", "translation/7/fr", "translation/8/en");

    assertThat(planner.dependentsOf(key("book/7")))
        .containsExactlyInAnyOrder("shelf/7", "translation/7/en", "translation/7/fr");
  }

  @Test
  void a_literal_segment_that_does_not_match_the_changed_key_excludes_its_dependents() {
    RefreshPlanner planner = planner(
        product("region_total", "region:string", "day:date").spec(),
        product("eu_dashboard", "day:date").dependsOn("region_total/eu/:day").spec());
    cache("eu_dashboard/2026-11-21", "eu_dashboard/2026-11-22");

    assertThat(planner.dependentsOf(key("region_total/eu/2026-11-21")))
        .containsExactly("eu_dashboard/2026-11-21");
    assertThat(planner.dependentsOf(key("region_total/us/2026-11-21"))).isEmpty();
  }

  @Test
  void placeholder_values_are_compared_in_canonical_form() {
    RefreshPlanner planner = planner(
        product("account", "id:long").spec(),
        product("statement", "account_id:int").dependsOn("account/:account_id").spec(),
        product("ledger", "ref:uuid").spec(),
        product("ledger_view", "ref:uuid").dependsOn("ledger/:ref").spec());
    cache("statement/7", "statement/70", "ledger_view/0a1b2c3d-0000-4000-8000-00000000000f");

    assertThat(planner.dependentsOf(key("account/007")))
        .as("a long and an int of one value, the changed key written with leading zeros")
        .containsExactly("statement/7");
    assertThat(planner.dependentsOf(key("ledger/0A1B2C3D-0000-4000-8000-00000000000F")))
        .containsExactly("ledger_view/0a1b2c3d-0000-4000-8000-00000000000f");
  }

  @Test
  void dependents_include_those_java_primers_recorded() {
    RefreshPlanner planner = planner(
        product("book", "id:int").spec(),
        product("review", "id:int").spec(),
        product("shelf", "id:int").dependsOn("book/:id").spec());
    cache("shelf/3");
    store.index().addDependency("book/3", "review/12");
    store.index().addDependency("book/4", "review/13");

    assertThat(planner.dependentsOf(key("book/3"))).containsExactlyInAnyOrder("review/12", "shelf/3");
  }

  @Test
  void a_key_is_never_its_own_dependent() {
    RefreshPlanner planner = planner(
        product("page", "site:string", "n:int").dependsOn("page/:site/1").spec());
    cache("page/a/1", "page/a/2", "page/b/2");
    store.index().addDependency("page/a/1", "page/a/1");

    assertThat(planner.dependentsOf(key("page/a/1"))).containsExactly("page/a/2");
  }

  @Test
  void a_product_nothing_is_built_from_has_no_dependents() {
    RefreshPlanner planner = planner(product("book", "id:int").spec(), product("shelf", "id:int").spec());
    cache("shelf/1");

    assertThat(planner.dependentsOf(key("book/1"))).isEmpty();
  }

  @Test
  void request_queues_each_key_once_and_publishes_one_notice() {
    RefreshPlanner planner = planner(product("book", "id:int").spec());

    planner.request(List.of("book/1", "book/2", "book/1"));

    assertThat(store.queue().pending()).isEqualTo(2);
    assertThat(notices.published()).containsExactly(new Change(Change.Kind.REFRESH_QUEUED, "", 0));
  }

  @Test
  void an_empty_request_queues_and_publishes_nothing() {
    RefreshPlanner planner = planner(product("book", "id:int").spec());

    planner.request(List.of());

    assertThat(store.queue().pending()).isZero();
    assertThat(notices.published()).isEmpty();
  }

  // --- helpers ---

  /** The keys a fan-out over the tables queues (the queue is emptied after). */
  private List<String> queuedReadersOf(RefreshPlanner planner, String... tables) {
    planner.requestReadersOf(List.of(tables), Set.of(), () -> {});
    return claimAll();
  }

  /** Claims and completes every queued request; returns their keys. */
  private List<String> claimAll() {
    List<RefreshRequest> claimed = store.queue().claim("test", Duration.ofMinutes(1), 1_000_000);
    claimed.forEach(request -> store.queue().complete(request, "test"));
    return claimed.stream().map(RefreshRequest::key).toList();
  }

  private RefreshPlanner planner(ProductSpec... specs) {
    List<ScriptedPrimer> primers = new ArrayList<>();
    for (ProductSpec spec : specs) {
      primers.add(new ScriptedPrimer(spec));
    }
    registry = new ProductRegistry(primers);
    return new RefreshPlanner(registry, store.index(), store.catalog(), store.queue(), notices);
  }

  /** The key as the registry parses it: canonical text and typed values. */
  private Key key(String text) {
    return registry.parse(text);
  }

  /** Writes a value for each key, as if it had been computed and cached. */
  private void cache(String... keys) {
    for (String key : keys) {
      store.entries().putIfNewer(new StoredEntry(key, "{}".getBytes(StandardCharsets.UTF_8),
          store.entries().nextVersion(key), clock.instant(), null));
    }
  }

  /** A product spec under construction: {@code "name:type"} parameters, then reads and depends_on. */
  private static SpecBuilder product(String name, String... parameters) {
    List<Parameter> declared = new ArrayList<>();
    for (String parameter : parameters) {
      String[] parts = parameter.split(":");
      declared.add(Parameter.of(parts[0], ParamType.fromYaml(parts[1])));
    }
    return new SpecBuilder(ProductSpec.of(name, declared).withAccess(Access.PUBLIC), List.of(), List.of());
  }

  private record SpecBuilder(ProductSpec base, List<String> reads, List<String> dependsOn) {
    SpecBuilder reads(String... tables) {
      return new SpecBuilder(base, List.of(tables), dependsOn);
    }

    SpecBuilder dependsOn(String... templates) {
      return new SpecBuilder(base, reads, List.of(templates));
    }

    ProductSpec spec() {
      ProductSpec withDependencies = base.withDependsOn(dependsOn);
      return new ProductSpec(base.name(), base.description(), base.parameters(), base.freshness(), base.access(),
          base.onBoot(), base.onBootSql(), reads, withDependencies.dependsOn(), base.augment());
    }
  }
}
