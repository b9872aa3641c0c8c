package dev.kck.refresh;

import static dev.kck.refresh.FreshnessPoliciesTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.Served;
import dev.kck.cluster.Change;
import dev.kck.product.Access;
import dev.kck.product.Freshness;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import dev.kck.testing.FreshnessEngine;
import dev.kck.testing.ScriptedPrimer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a new version travels, on a fake clock: to the keys built from it (by {@code depends_on}, and
 * as a Java primer recorded them), and to the L1 of every other instance, whose copy it replaces.
 */
class PropagationTest {
  private static final List<Parameter> ID = List.of(Parameter.of("id", ParamType.INT));

  @Test
  void a_new_version_refreshes_the_keys_that_depend_on_it_by_template() throws IOException {
    ScriptedPrimer books = primer(ProductSpec.of("book", ID));
    ScriptedPrimer shelves = primer(ProductSpec.of("shelf", ID).withDependsOn(List.of("book/:id")));
    try (FreshnessEngine engine = FreshnessEngine.of(books, shelves)) {
      engine.fetch("book/7");
      engine.fetch("shelf/7");
      engine.fetch("shelf/8");
      int before = shelves.runs("shelf/7");

      engine.planner.request(List.of("book/7"));

      assertThat(engine.refreshDue()).as("book/7, then shelf/7 that it queued").isEqualTo(2);
      assertThat(shelves.runs("shelf/7")).isEqualTo(before + 1);
      assertThat(shelves.runs("shelf/8")).as("another book's shelf").isEqualTo(1);
    }
  }

  @Test
  void a_new_version_refreshes_the_keys_a_java_primer_built_from_it() throws IOException {
    ScriptedPrimer books = primer(ProductSpec.of("book", ID));
    ScriptedPrimer reviews = primer(ProductSpec.of("review", ID))
        .fetching(key -> List.of("book/" + key.values().get(0)));
    try (FreshnessEngine engine = FreshnessEngine.of(books, reviews)) {
      engine.fetch("review/3");
      engine.refreshDue(); // book/3's first version queued review/3, whose computation was under way
      int before = reviews.runs("review/3");
      books.data("v2");

      engine.planner.request(List.of("book/3"));
      engine.refreshDue();

      assertThat(reviews.runs("review/3")).isEqualTo(before + 1);
      assertThat(value(engine.fetch("review/3")).get("book/3").get("data").asText()).isEqualTo("v2");
    }
  }

  @Test
  void a_new_version_from_another_instance_replaces_this_instances_l1_copy() throws IOException {
    ScriptedPrimer books = primer(ProductSpec.of("book", ID));
    try (FreshnessEngine a = FreshnessEngine.of(books); FreshnessEngine b = a.another()) {
      b.fetch("book/1");
      long first = a.fetch("book/1").entry().version();
      books.data("v2");

      a.planner.request(List.of("book/1"));
      a.refreshDue();

      CachedEntry held = b.fetcher.local("book/1").orElseThrow(() -> new AssertionError("b's L1 slot was emptied"));
      assertThat(held.version()).isGreaterThan(first);
      Served served = b.fetch("book/1");
      assertThat(served.outcome()).isEqualTo(Served.Outcome.HIT);
      assertThat(value(served).get("data").asText()).isEqualTo("v2");
    }
  }

  @Test
  void a_deletion_anywhere_empties_every_instances_l1_slot() {
    ScriptedPrimer books = primer(ProductSpec.of("book", ID));
    try (FreshnessEngine a = FreshnessEngine.of(books); FreshnessEngine b = a.another()) {
      b.fetch("book/1");
      a.fetch("book/1");

      a.store.entries().delete("book/1");
      a.notices.publish(new Change(Change.Kind.DELETED, "book/1", 0));

      assertThat(b.fetcher.local("book/1")).isEmpty();
      assertThat(a.fetcher.local("book/1")).isEmpty();
    }
  }

  private static ScriptedPrimer primer(ProductSpec spec) {
    return new ScriptedPrimer(spec.withAccess(Access.PUBLIC).withFreshness(Freshness.DEFAULT));
  }
}
