package dev.kck.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.cache.Served;
import dev.kck.cluster.Change;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.product.Access;
import dev.kck.product.Freshness;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import dev.kck.testing.FreshnessEngine;
import dev.kck.testing.ScriptedPrimer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The freshness policies of one product, on a fake clock, with no sleeping: fresh_for (serve stale,
 * refresh in the background), ttl (never serve), stale_if_error (serve the last value while the
 * primer fails, within its window) and refresh_every (recompute every cached key each round, one
 * instance per round).
 */
class FreshnessPoliciesTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void serves_a_stale_value_at_once_and_queues_one_refresh_for_it() throws IOException {
    ScriptedPrimer quotes = primer("quotes", new Freshness(MINUTE, null, null, null, false));
    try (FreshnessEngine engine = FreshnessEngine.of(quotes)) {
      engine.fetch("quotes/1");
      engine.advance(MINUTE.plusSeconds(1));

      Served first = engine.fetch("quotes/1");
      Served second = engine.fetch("quotes/1");

      assertThat(first.outcome()).isEqualTo(Served.Outcome.STALE);
      assertThat(second.outcome()).isEqualTo(Served.Outcome.STALE);
      assertThat(run(first)).isEqualTo(1);
      assertThat(quotes.runs("quotes/1")).as("nothing recomputed on the request path").isEqualTo(1);
      assertThat(refreshesQueued(engine)).as("one refresh asked for, not one per stale serve").isEqualTo(1);
      assertThat(engine.refreshDue()).isEqualTo(1);
      Served after = engine.fetch("quotes/1");
      assertThat(after.outcome()).isEqualTo(Served.Outcome.HIT);
      assertThat(run(after)).isEqualTo(2);
    }
  }

  @Test
  void a_value_past_its_ttl_is_recomputed_and_never_served() throws IOException {
    ScriptedPrimer prices = primer("prices", new Freshness(null, MINUTE, null, null, false));
    try (FreshnessEngine engine = FreshnessEngine.of(prices)) {
      engine.fetch("prices/1");
      engine.advance(MINUTE);
      prices.data("v2");

      Served served = engine.fetch("prices/1");

      assertThat(served.outcome()).isEqualTo(Served.Outcome.MISS);
      assertThat(value(served).get("data").asText()).isEqualTo("v2");
      assertThat(prices.runs("prices/1")).isEqualTo(2);
    }
  }

  @Test
  void stale_if_error_serves_the_last_value_while_the_primer_fails_and_not_past_its_window() throws IOException {
    ScriptedPrimer rates = primer("rates", new Freshness(null, MINUTE, Duration.ofMinutes(10), null, false));
    try (FreshnessEngine engine = FreshnessEngine.of(rates)) {
      engine.fetch("rates/1");
      rates.failing(true);

      engine.advance(Duration.ofMinutes(2)); // past ttl, within stale_if_error
      Served fallback = engine.fetch("rates/1");
      assertThat(fallback.outcome()).isEqualTo(Served.Outcome.STALE);
      assertThat(run(fallback)).isEqualTo(1);

      engine.advance(Duration.ofMinutes(9)); // 11 minutes: past ttl plus stale_if_error
      assertThatThrownBy(() -> engine.fetch("rates/1")).isInstanceOf(KckException.Internal.class);
    }
  }

  @Test
  void a_failing_primer_is_an_error_once_a_value_is_past_its_ttl_without_stale_if_error() {
    ScriptedPrimer rates = primer("rates", new Freshness(null, MINUTE, null, null, false));
    try (FreshnessEngine engine = FreshnessEngine.of(rates)) {
      engine.fetch("rates/1");
      rates.failing(true);
      engine.advance(Duration.ofMinutes(2));

      assertThatThrownBy(() -> engine.fetch("rates/1")).isInstanceOf(KckException.Internal.class);
    }
  }

  @Test
  void refresh_every_recomputes_every_cached_key_in_a_round_that_one_instance_runs() throws IOException {
    Duration every = Duration.ofMinutes(10);
    ScriptedPrimer boards = primer("boards", new Freshness(null, null, null, every, false));
    try (FreshnessEngine a = FreshnessEngine.of(boards); FreshnessEngine b = a.another()) {
      a.fetch("boards/1");
      a.fetch("boards/2");
      boards.data("v2");

      a.schedules.runRound(boards.spec(), every);
      b.schedules.runRound(boards.spec(), every);

      assertThat(a.store.queue().pending()).isEqualTo(2);
      assertThat(refreshesQueued(a)).as("the other instance found this round taken").isEqualTo(1);
      assertThat(a.refreshDue()).isEqualTo(2);
      assertThat(value(a.fetch("boards/1")).get("data").asText()).isEqualTo("v2");
      assertThat(value(a.fetch("boards/2")).get("data").asText()).isEqualTo("v2");
    }
  }

  // --- helpers ---

  static ScriptedPrimer primer(String name, Freshness freshness) {
    return new ScriptedPrimer(ProductSpec.of(name, List.of(Parameter.of("id", ParamType.INT)))
        .withFreshness(freshness).withAccess(Access.PUBLIC));
  }

  static JsonNode value(Served served) throws IOException {
    return Json.MAPPER.readTree(served.entry().value());
  }

  static int run(Served served) throws IOException {
    return value(served).get("run").asInt();
  }

  private static long refreshesQueued(FreshnessEngine engine) {
    return engine.notices.published().stream().filter(change -> change.kind() == Change.Kind.REFRESH_QUEUED).count();
  }
}
