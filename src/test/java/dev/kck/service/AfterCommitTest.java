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
 * when its primer takes the hint, and recomputed when the hint does not fit.
 */
class AfterCommitTest {
  private static final UpdaterSpec RECORD_SALE = new UpdaterSpec("record_sale",
      List.of(Parameter.of("store_id", ParamType.INT), Parameter.of("amount", ParamType.DECIMAL)), "select 1",
      null, null, null, null).withRefreshes(List.of("totals/:store_id"));

  /** Adds the amount to {@code total} when the hint has one; declines otherwise. */
  private final ScriptedPrimer totals = new ScriptedPrimer(
      ProductSpec.of("totals", List.of(Parameter.of("store_id", ParamType.INT))).withAccess(Access.PUBLIC))
      .augmenting((current, hint) -> hint.get("amount") instanceof BigDecimal amount
          ? Optional.of(((ObjectNode) current.deepCopy()).put("total", current.path("total").decimalValue().add(amount)))
          : Optional.empty());

  @Test
  void a_hint_that_fits_updates_the_value_in_place_without_a_primer_run() throws IOException {
    try (FreshnessEngine engine = FreshnessEngine.of(totals)) {
      engine.fetch("totals/3");

      List<String> refreshing = afterCommit(engine)
          .apply(update(Map.of("store_id", 3, "amount", new BigDecimal("2.50"))), Set.of(), Set.of());

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

      afterCommit(engine).apply(update(noAmount), Set.of(), Set.of());

      assertThat(engine.store.queue().pending()).isEqualTo(1);
      assertThat(engine.refreshDue()).isEqualTo(1);
      assertThat(totals.runs("totals/3")).isEqualTo(2);
    }
  }

  @Test
  void a_key_with_no_cached_value_is_queued_for_a_recompute() {
    try (FreshnessEngine engine = FreshnessEngine.of(totals)) {
      afterCommit(engine).apply(update(Map.of("store_id", 4, "amount", BigDecimal.ONE)), Set.of(), Set.of());

      assertThat(engine.store.queue().pending()).isEqualTo(1);
    }
  }

  private static AfterCommit afterCommit(FreshnessEngine engine) {
    return new AfterCommit(engine.augmenter, engine.planner, key -> false);
  }

  private static PreparedUpdate update(Map<String, Object> call) {
    return new PreparedUpdate(new SqlUpdater(RECORD_SALE), List.of(call));
  }
}
