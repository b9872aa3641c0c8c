package dev.kck.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kck.kernel.Json;
import dev.kck.product.Access;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import dev.kck.testing.FreshnessEngine;
import dev.kck.testing.ScriptedPrimer;
import dev.kck.update.PreparedUpdate;
import dev.kck.update.SqlUpdater;
import dev.kck.update.UpdaterSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What follows a committed update, on a fake clock: a key the update names is augmented in place
 * when its primer takes the hint, and recomputed when the hint does not fit; the readers' fan-out
 * leaves the update's own keys alone, and the response counts every key once.
 */
class AfterCommitTest {
  private static final UpdaterSpec RECORD_SALE = new UpdaterSpec("record_sale",
      List.of(Parameter.of("store_id", ParamType.INT), Parameter.of("amount", ParamType.DECIMAL)), "select 1",
      null, null, null, null).withRefreshes(List.of("totals/:store_id"));

  /** Adds the amount to {@code total} when the hint has one; declines otherwise. */
  private final ScriptedPrimer totals = new ScriptedPrimer(new ProductSpec("totals", "",
      List.of(Parameter.of("store_id", ParamType.INT)), null, Access.PUBLIC, null, null, List.of("sales"), null,
      null))
      .augmenting((current, hint) -> hint.get("amount") instanceof BigDecimal amount
          ? Optional.of(((ObjectNode) current.deepCopy()).put("total", current.path("total").decimalValue().add(amount)))
          : Optional.empty());

  @Test
  void a_hint_that_fits_updates_the_value_in_place_without_a_primer_run() throws IOException {
    try (FreshnessEngine engine = FreshnessEngine.of(totals)) {
      engine.fetch("totals/3");

      List<String> refreshing = afterCommit(engine)
          .apply(update(Map.of("store_id", 3, "amount", new BigDecimal("2.50"))), Set.of());

      assertThat(refreshing).containsExactly("totals/3");
      assertThat(Json.MAPPER.readTree(engine.fetch("totals/3").entry().value()).get("total").decimalValue())
          .isEqualByComparingTo("2.50");
      assertThat(engine.store.queue().pending()).isZero();
      assertThat(totals.runs("totals/3")).isEqualTo(1);
    }
  }

  @Test
  void a_hint_that_does_not_fit_falls_back_to_a_recompute() {
    try (FreshnessEngine engine = FreshnessEngine.of(totals)) {
      engine.fetch("totals/3");
      Map<String, Object> noAmount = new HashMap<>();
      noAmount.put("store_id", 3);
      noAmount.put("amount", null);

      afterCommit(engine).apply(update(noAmount), Set.of());

      assertThat(engine.store.queue().pending()).isEqualTo(1);
      assertThat(engine.refreshDue()).isEqualTo(1);
      assertThat(totals.runs("totals/3")).isEqualTo(2);
    }
  }

  @Test
  void a_key_with_no_cached_value_is_queued_for_a_recompute() {
    try (FreshnessEngine engine = FreshnessEngine.of(totals)) {
      afterCommit(engine).apply(update(Map.of("store_id", 4, "amount", BigDecimal.ONE)), Set.of());

      assertThat(engine.store.queue().pending()).isEqualTo(1);
    }
  }

  @Test
  void an_updates_own_key_is_claimed_ahead_of_a_backlog_of_other_refreshes() {
    try (FreshnessEngine engine = FreshnessEngine.of(totals)) {
      for (int asked = 0; asked < 50; asked++) {
        engine.planner.request(List.of("totals/1", "totals/2")); // stale serves, asked for again and again
      }

      afterCommit(engine).apply(update(Map.of("store_id", 4, "amount", BigDecimal.ONE)), Set.of());

      assertThat(engine.store.queue().claim("worker", FreshnessEngine.LEASE, 1))
          .singleElement().satisfies(request -> assertThat(request.key()).isEqualTo("totals/4"));
    }
  }

  @Test
  void the_readers_fan_out_queues_every_cached_reader_but_a_key_augmented_in_place() {
    try (FreshnessEngine engine = FreshnessEngine.of(totals)) {
      List.of("totals/1", "totals/2", "totals/3", "totals/4").forEach(engine::fetch);
      AfterCommit afterCommit = afterCommit(engine);
      PreparedUpdate sale = update(Map.of("store_id", 3, "amount", BigDecimal.ONE), List.of("sales"));

      List<String> own = afterCommit.apply(sale, Set.of());
      afterCommit.requestReaders(sale.spec().writes(), Set.copyOf(own), () -> {});

      assertThat(engine.store.queue().pending()).isEqualTo(3);
      assertThat(engine.refreshDue()).isEqualTo(3);
      assertThat(totals.runs("totals/3")).as("augmented, not recomputed").isEqualTo(1);
      assertThat(totals.runs("totals/4")).isEqualTo(2);
    }
  }

  @Test
  void the_response_lists_the_updates_own_keys_first_and_counts_each_key_queued_once() {
    try (FreshnessEngine engine = FreshnessEngine.of(totals)) {
      List.of("totals/1", "totals/2", "totals/3", "totals/4").forEach(engine::fetch);
      AfterCommit afterCommit = afterCommit(engine);
      PreparedUpdate sales = new PreparedUpdate(new SqlUpdater(RECORD_SALE.withWrites(List.of("sales"))),
          List.of(Map.of("store_id", 3, "amount", BigDecimal.ONE), Map.of("store_id", 9, "amount", BigDecimal.ONE)));

      List<String> own = afterCommit.apply(sales, Set.of());
      AfterCommit.Refreshing refreshing = afterCommit.refreshing(sales.spec().writes(), own);

      assertThat(refreshing.keys()).containsExactly("totals/3", "totals/9", "totals/1", "totals/2", "totals/4");
      assertThat(refreshing.total()).as("totals/9 not cached, totals/3 a reader too").isEqualTo(5);
    }
  }

  private static AfterCommit afterCommit(FreshnessEngine engine) {
    return new AfterCommit(engine.augmenter, engine.planner, key -> false,
        key -> engine.store.entries().get(key).isPresent());
  }

  private static PreparedUpdate update(Map<String, Object> call) {
    return update(call, List.of());
  }

  private static PreparedUpdate update(Map<String, Object> call, List<String> writes) {
    return new PreparedUpdate(new SqlUpdater(RECORD_SALE.withWrites(writes)), List.of(call));
  }
}
