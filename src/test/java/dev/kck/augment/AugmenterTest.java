package dev.kck.augment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kck.cache.CachedEntry;
import dev.kck.cache.Served;
import dev.kck.cluster.Change;
import dev.kck.kernel.Json;
import dev.kck.product.Access;
import dev.kck.product.Freshness;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import dev.kck.store.StoredEntry;
import dev.kck.testing.FreshnessEngine;
import dev.kck.testing.ScriptedPrimer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Updates applied in place through a {@link FreshnessEngine}: the new value is written with a
 * compare-and-set on the version read (the L1 copy first, then once the store's), and whenever that
 * cannot be done the answer is a decline, so the caller recomputes. Never an exception.
 */
class AugmenterTest {
  private static final String KEY = "counter/1";
  private static final String UPDATER = "rename";
  private static final Duration TTL = Duration.ofMinutes(10);

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final ScriptedPrimer counters = new ScriptedPrimer(ProductSpec.of("counter",
      List.of(Parameter.of("id", ParamType.INT))).withAccess(Access.PUBLIC)
      .withFreshness(new Freshness(null, TTL, null, null, false)))
      .augmenting((current, hint) -> {
        seen.add(current.get("data").asText());
        return Optional.of(((ObjectNode) current.deepCopy()).put("data", current.get("data").asText() + "+" + hint.get("data")));
      });

  @Test
  void applies_the_update_and_writes_a_new_version_to_the_store_and_the_l1() throws IOException {
    try (FreshnessEngine engine = FreshnessEngine.of(counters)) {
      long before = engine.fetch(KEY).entry().version();
      engine.advance(Duration.ofMinutes(1));

      assertThat(engine.augmenter.augment(KEY, UPDATER, Map.of("data", "x"))).isTrue();

      StoredEntry stored = engine.store.entries().get(KEY).orElseThrow();
      assertThat(stored.version()).isGreaterThan(before);
      assertThat(read(stored.value()).get("data").asText()).isEqualTo("v1+x");
      assertThat(stored.modified()).isEqualTo(engine.clock.instant());
      assertThat(stored.expiresAt()).isEqualTo(engine.clock.instant().plus(TTL));
      assertThat(engine.fetcher.local(KEY)).map(CachedEntry::version).hasValue(stored.version());
      assertThat(engine.notices.published()).contains(new Change(Change.Kind.NEW_VERSION, KEY, stored.version()));

      Served served = engine.fetch(KEY);
      assertThat(served.outcome()).isEqualTo(Served.Outcome.HIT);
      assertThat(read(served.entry().value()).get("data").asText()).isEqualTo("v1+x");
      assertThat(counters.runs(KEY)).as("nothing recomputed").isEqualTo(1);
    }
  }

  @Test
  void declines_when_nothing_is_cached() {
    try (FreshnessEngine engine = FreshnessEngine.of(counters)) {
      assertThat(engine.augmenter.augment(KEY, UPDATER, Map.of("data", "x"))).isFalse();

      assertThat(seen).isEmpty();
      assertThat(engine.store.entries().get(KEY)).isEmpty();
      assertThat(counters.runs(KEY)).as("a decline, not a computation").isZero();
    }
  }

  @Test
  void a_copy_older_than_the_store_loses_its_compare_and_set_and_the_update_is_applied_to_the_stores_value()
      throws IOException {
    try (FreshnessEngine engine = FreshnessEngine.of(counters)) {
      engine.fetch(KEY); // this instance's L1 holds data "v1"
      long elsewhere = writeElsewhere(engine, "elsewhere"); // a newer version this L1 has not heard of

      assertThat(engine.augmenter.augment(KEY, UPDATER, Map.of("data", "x"))).isTrue();

      assertThat(seen).as("from the L1 copy, then once from the store's").containsExactly("v1", "elsewhere");
      StoredEntry stored = engine.store.entries().get(KEY).orElseThrow();
      assertThat(stored.version()).isGreaterThan(elsewhere);
      assertThat(read(stored.value()).get("data").asText()).isEqualTo("elsewhere+x");
    }
  }

  @Test
  void declines_after_one_retry_when_the_store_moves_again() throws IOException {
    try (FreshnessEngine engine = FreshnessEngine.of(counters)) {
      engine.fetch(KEY);
      counters.augmenting((current, hint) -> {
        seen.add(current.get("data").asText());
        writeElsewhere(engine, "written while augmenting " + seen.size());
        return Optional.of(current);
      });

      assertThat(engine.augmenter.augment(KEY, UPDATER, Map.of("data", "x"))).isFalse();

      assertThat(seen).as("the L1 copy, then the store's once, no more").hasSize(2);
      assertThat(read(engine.store.entries().get(KEY).orElseThrow().value()).get("data").asText())
          .isEqualTo("written while augmenting 2");
    }
  }

  @Test
  void a_primer_whose_augment_throws_declines() {
    try (FreshnessEngine engine = FreshnessEngine.of(counters)) {
      long version = engine.fetch(KEY).entry().version();
      counters.augmenting((current, hint) -> {
        throw new IllegalStateException("cannot augment");
      });

      assertThat(engine.augmenter.augment(KEY, UPDATER, Map.of("data", "x"))).isFalse();

      assertThat(engine.store.entries().get(KEY)).map(StoredEntry::version).hasValue(version);
    }
  }

  @Test
  void a_primer_that_declines_leaves_the_value_and_announces_nothing() {
    try (FreshnessEngine engine = FreshnessEngine.of(counters)) {
      long version = engine.fetch(KEY).entry().version();
      counters.augmenting((current, hint) -> {
        seen.add(current.get("data").asText());
        return Optional.empty();
      });
      int notices = engine.notices.published().size();

      assertThat(engine.augmenter.augment(KEY, UPDATER, Map.of("data", "x"))).isFalse();

      assertThat(seen).as("asked once: a decline is not asked again from the store's copy").containsExactly("v1");
      assertThat(engine.store.entries().get(KEY)).map(StoredEntry::version).hasValue(version);
      assertThat(engine.notices.published()).hasSize(notices);
    }
  }

  @Test
  void a_key_that_does_not_parse_declines() {
    try (FreshnessEngine engine = FreshnessEngine.of(counters)) {
      assertThat(engine.augmenter.augment("counter/not-a-number", UPDATER, Map.of())).isFalse();
      assertThat(engine.augmenter.augment("no_such_product/1", UPDATER, Map.of())).isFalse();
    }
  }

  // --- helpers ---

  /** Another instance writes a new version of the key straight to the store; this one hears nothing. */
  private static long writeElsewhere(FreshnessEngine engine, String data) {
    long version = engine.store.entries().nextVersion(KEY);
    byte[] value = ("{\"key\":\"" + KEY + "\",\"run\":0,\"data\":\"" + data + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(engine.store.entries().putIfNewer(new StoredEntry(KEY, value, version, engine.clock.instant(), null)))
        .isTrue();
    return version;
  }

  private static JsonNode read(byte[] json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
