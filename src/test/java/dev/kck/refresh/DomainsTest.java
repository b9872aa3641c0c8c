package dev.kck.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.cache.Served;
import dev.kck.cluster.Change;
import dev.kck.product.Access;
import dev.kck.product.Domain;
import dev.kck.product.Freshness;
import dev.kck.product.Key;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.PrimerContext;
import dev.kck.product.ProductSpec;
import dev.kck.testing.FreshnessEngine;
import dev.kck.testing.ScriptedPrimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A product's domain on a fake clock, with no sleeping: the domain here is the {@code domain:}
 * form, the value of another product ({@code shop_ids}, a list of rows the test changes); the
 * {@code domain_sql} form over a real database is {@code http/DomainsIT}'s. Rounds are run as the
 * scheduler runs them when their time comes, and the refresh queue is worked as a worker would.
 */
class DomainsTest {
  private static final Duration EVERY = Duration.ofMinutes(1);

  private final ShopIds shops = new ShopIds(1, 2, 3);

  @Test
  void every_key_of_the_domain_is_cached_before_the_first_fetch() {
    ScriptedPrimer sales = warm(false, null);
    try (FreshnessEngine engine = FreshnessEngine.of(shops, sales)) {
      int primed = boot(engine);

      assertThat(primed).isEqualTo(3);
      for (String key : List.of("shop_sales/1", "shop_sales/2", "shop_sales/3")) {
        assertThat(engine.store.entries().get(key)).as(key).isPresent();
        assertThat(engine.fetch(key).outcome()).isEqualTo(Served.Outcome.HIT);
      }
    }
  }

  @Test
  void a_key_that_enters_the_domain_is_cached_within_one_round_and_the_others_are_not_recomputed() {
    ScriptedPrimer sales = warm(false, null);
    try (FreshnessEngine engine = FreshnessEngine.of(shops, sales)) {
      boot(engine);
      shops.add(4);

      engine.advance(EVERY);
      assertThat(engine.schedules.runDomainRound(sales.spec())).isTrue();
      assertThat(engine.refreshDue()).as("only the new key was queued").isEqualTo(1);

      assertThat(engine.store.entries().get("shop_sales/4")).isPresent();
      assertThat(sales.runs("shop_sales/4")).isEqualTo(1);
      assertThat(sales.runs("shop_sales/1")).isEqualTo(1);
    }
  }

  @Test
  void a_key_that_leaves_the_domain_is_no_longer_refreshed_on_schedule_but_stays_cached() {
    ScriptedPrimer sales = warm(false, new Freshness(null, null, null, EVERY, false));
    try (FreshnessEngine engine = FreshnessEngine.of(shops, sales)) {
      boot(engine);
      shops.remove(2);

      engine.advance(EVERY);
      engine.schedules.runDomainRound(sales.spec());
      engine.schedules.runRound(sales.spec(), EVERY);
      engine.refreshDue();

      assertThat(sales.runs("shop_sales/1")).as("still in the domain: refreshed").isEqualTo(2);
      assertThat(sales.runs("shop_sales/2")).as("left the domain: not refreshed").isEqualTo(1);
      assertThat(engine.store.entries().get("shop_sales/2")).as("without domain_evict it stays").isPresent();
    }
  }

  @Test
  void with_domain_evict_a_key_that_leaves_the_domain_is_removed_everywhere() {
    ScriptedPrimer sales = warm(true, null);
    try (FreshnessEngine engine = FreshnessEngine.of(shops, sales)) {
      boot(engine);
      shops.remove(2);

      engine.advance(EVERY);
      engine.schedules.runDomainRound(sales.spec());

      assertThat(engine.store.entries().get("shop_sales/2")).isEmpty();
      assertThat(engine.store.entries().get("shop_sales/1")).isPresent();
      assertThat(engine.notices.published()).contains(new Change(Change.Kind.DELETED, "shop_sales/2", 0));
    }
  }

  @Test
  void a_domain_that_cannot_be_read_evicts_nothing_and_the_next_round_runs() {
    ScriptedPrimer sales = warm(true, null);
    try (FreshnessEngine engine = FreshnessEngine.of(shops, sales)) {
      boot(engine);
      shops.failing = true;

      engine.advance(EVERY);
      assertThat(engine.schedules.runDomainRound(sales.spec())).isFalse();
      assertThat(engine.store.entries().get("shop_sales/2")).isPresent();

      shops.failing = false;
      shops.remove(2);
      engine.advance(EVERY);
      assertThat(engine.schedules.runDomainRound(sales.spec())).isTrue();
      assertThat(engine.store.entries().get("shop_sales/2")).isEmpty();
    }
  }

  @Test
  void two_instances_run_each_round_once() {
    ScriptedPrimer sales = warm(false, null);
    try (FreshnessEngine a = FreshnessEngine.of(shops, sales); FreshnessEngine b = a.another()) {
      boot(a);
      List<Boolean> ran = new ArrayList<>();
      for (int round = 5; round < 8; round++) {
        shops.add(round);
        a.advance(EVERY);
        boolean byB = b.schedules.runDomainRound(sales.spec());
        boolean byA = a.schedules.runDomainRound(sales.spec());
        ran.add(byA ^ byB);
        assertThat(byA && byB).as("round %d run twice", round).isFalse();
      }
      a.refreshDue();

      assertThat(ran).containsExactly(true, true, true);
      for (int shop = 5; shop < 8; shop++) {
        assertThat(sales.runs("shop_sales/" + shop)).isEqualTo(1);
      }
    }
  }

  @Test
  void a_round_already_run_is_not_run_again_by_another_instance_later_in_it() {
    ScriptedPrimer sales = warm(false, null);
    try (FreshnessEngine a = FreshnessEngine.of(shops, sales); FreshnessEngine b = a.another()) {
      assertThat(a.schedules.runDomainRound(sales.spec())).isTrue();
      a.advance(EVERY.minusSeconds(1)); // still the same round
      assertThat(b.schedules.runDomainRound(sales.spec())).isFalse();
      a.advance(Duration.ofSeconds(1)); // the next round
      assertThat(b.schedules.runDomainRound(sales.spec())).isTrue();
    }
  }

  // --- helpers ---

  private static int boot(FreshnessEngine engine) {
    return new BootPriming(engine.products, engine.fetcher, engine.domains).run();
  }

  /** shop_sales/{shop_id}, whose domain is the value of shop_ids. */
  private static ScriptedPrimer warm(boolean evict, Freshness freshness) {
    ProductSpec spec = ProductSpec.of("shop_sales", List.of(Parameter.of("shop_id", ParamType.INT)))
        .withAccess(Access.PUBLIC).withDomain(new Domain(null, "shop_ids", EVERY, evict));
    return new ScriptedPrimer(freshness == null ? spec : spec.withFreshness(freshness));
  }

  /** shop_ids: the rows [{"shop_id": 1}, ...] as the test sets them, computed on every fetch. */
  private static final class ShopIds implements Primer {
    private final List<Integer> ids = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    ShopIds(Integer... ids) {
      this.ids.addAll(List.of(ids));
    }

    void add(int id) {
      ids.add(id);
    }

    void remove(int id) {
      ids.remove(Integer.valueOf(id));
    }

    @Override
    public ProductSpec spec() {
      return ProductSpec.of("shop_ids", List.of()).withFreshness(new Freshness(null, null, null, null, true));
    }

    @Override
    public Object compute(Key key, PrimerContext context) {
      if (failing) {
        throw new IllegalStateException("shop_ids cannot be read now");
      }
      return ids.stream().map(id -> Map.of("shop_id", id)).toList();
    }
  }
}
