package dev.kck.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.store.StoredEntry;
import dev.kck.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The in-process cache on a fake clock: the clock drives Caffeine's ticker, so entries leave when
 * their product's servableUntil passes without anyone sleeping. Caffeine evicts in upkeep it runs
 * on the calling thread ({@code kernel.Caches}); {@code cleanUp} runs what is pending, so a test
 * never waits.
 */
class L1CacheTest {
  private static final Duration SERVABLE = Duration.ofMinutes(5);

  private final MutableClock clock = MutableClock.atFixedStart();
  /** Each entry is servable for five minutes from its modification, as if its product's ttl said so. */
  private final Function<CachedEntry, Instant> servableFiveMinutes = entry -> entry.modified().plus(SERVABLE);

  @Test
  void holds_what_it_was_given() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);
    CachedEntry entry = entry("book/1", 1, "{\"title\":\"Dune\"}");

    l1.put(entry);

    assertThat(l1.get("book/1")).isSameAs(entry);
    assertThat(l1.get("book/2")).isNull();
  }

  @Test
  void an_entry_read_once_is_never_served_after_it_left() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);
    CachedEntry first = entry("book/1", 1, "1");
    l1.put(first);
    assertThat(l1.get("book/1")).isSameAs(first); // now in the front too

    CachedEntry second = entry("book/1", 2, "2");
    l1.put(second);
    assertThat(l1.get("book/1")).as("replaced").isSameAs(second);

    assertThat(l1.invalidateOlderThan("book/1", 3)).isTrue();
    assertThat(l1.get("book/1")).as("dropped as older").isNull();

    l1.put(first);
    assertThat(l1.get("book/1")).isSameAs(first);
    l1.invalidate("book/1");
    assertThat(l1.get("book/1")).as("invalidated").isNull();

    l1.put(second);
    assertThat(l1.get("book/1")).isSameAs(second);
    l1.clear();
    assertThat(l1.get("book/1")).as("cleared").isNull();
  }

  @Test
  void an_entry_evicted_by_the_byte_bound_is_not_served_from_the_front() {
    CachedEntry probe = entry("book/0", 1, value(1_000));
    L1Cache l1 = new L1Cache(probe.weight() * 3L, clock, servableFiveMinutes);
    for (int i = 0; i < 20; i++) {
      l1.put(entry("book/" + i, 1, value(1_000)));
      l1.get("book/" + i); // into the front, when Caffeine kept it
    }
    l1.cleanUp();

    long served = java.util.stream.IntStream.range(0, 20).filter(i -> l1.get("book/" + i) != null).count();
    assertThat(served).isEqualTo(l1.size()).isBetween(1L, 3L);
  }

  @Test
  void weighs_entries_by_their_bytes() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);
    CachedEntry small = entry("book/1", 1, "1");
    CachedEntry large = entry("book/2", 1, "\"" + "x".repeat(10_000) + "\"");

    l1.put(small);
    l1.put(large);
    l1.cleanUp();

    assertThat(large.weight()).isGreaterThan(10_000);
    assertThat(l1.weightedSize()).isEqualTo(small.weight() + large.weight());
  }

  @Test
  void the_byte_bound_evicts_until_what_is_held_fits() {
    CachedEntry probe = entry("book/0", 1, value(1_000));
    long bound = probe.weight() * 3L;
    L1Cache l1 = new L1Cache(bound, clock, servableFiveMinutes);

    for (int i = 0; i < 20; i++) {
      l1.put(entry("book/" + i, 1, value(1_000)));
    }
    l1.cleanUp();

    assertThat(l1.weightedSize()).isLessThanOrEqualTo(bound);
    assertThat(l1.size()).isBetween(1L, 3L);
  }

  @Test
  void an_entry_heavier_than_the_whole_bound_is_not_kept() {
    L1Cache l1 = new L1Cache(4_096, clock, servableFiveMinutes);
    l1.put(entry("book/1", 1, value(100)));

    l1.put(entry("book/2", 1, value(10_000)));
    l1.cleanUp();

    assertThat(l1.get("book/2")).isNull();
    assertThat(l1.get("book/1")).isNotNull();
  }

  @Test
  void an_entry_leaves_when_its_servable_until_passes() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);
    l1.put(entry("book/1", 1, "1"));

    clock.advance(SERVABLE.minusMillis(1));
    assertThat(l1.get("book/1")).as("a millisecond before").isNotNull();

    clock.advance(Duration.ofMillis(1));
    assertThat(l1.get("book/1")).as("at servableUntil").isNull();
  }

  @Test
  void an_entry_already_past_its_servable_until_is_never_served() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);

    l1.put(entry("book/1", 1, "1", clock.instant().minus(SERVABLE)));

    assertThat(l1.get("book/1")).isNull();
  }

  @Test
  void an_entry_without_servable_until_stays_for_years() {
    L1Cache l1 = new L1Cache(1 << 20, clock, entry -> null);
    l1.put(entry("book/1", 1, "1"));

    clock.advance(Duration.ofDays(3650));

    assertThat(l1.get("book/1")).isNotNull();
  }

  @Test
  void a_newer_version_replaces_the_held_one_and_its_servable_until() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);
    l1.put(entry("book/1", 1, "1"));
    clock.advance(Duration.ofMinutes(4));

    l1.put(entry("book/1", 2, "2"));
    clock.advance(Duration.ofMinutes(2)); // past the first version's servableUntil, within the second's

    assertThat(l1.get("book/1")).isNotNull().extracting(CachedEntry::version).isEqualTo(2L);
  }

  @Test
  void put_keeps_the_newer_version_when_given_an_older_one() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);
    CachedEntry newer = entry("book/1", 9, "9");
    l1.put(newer);

    l1.put(entry("book/1", 8, "8"));

    assertThat(l1.get("book/1")).isSameAs(newer);
  }

  @Test
  void invalidate_older_than_drops_an_older_version_and_says_so() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);
    l1.put(entry("book/1", 4, "4"));

    assertThat(l1.invalidateOlderThan("book/1", 5)).isTrue();
    assertThat(l1.get("book/1")).isNull();
  }

  @Test
  void invalidate_older_than_keeps_the_same_or_a_newer_version_and_says_so() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);
    l1.put(entry("book/1", 5, "5"));

    assertThat(l1.invalidateOlderThan("book/1", 5)).isFalse();
    assertThat(l1.invalidateOlderThan("book/1", 4)).isFalse();
    assertThat(l1.get("book/1")).extracting(CachedEntry::version).isEqualTo(5L);
  }

  @Test
  void invalidate_older_than_reports_nothing_for_a_key_not_held() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);

    assertThat(l1.invalidateOlderThan("book/1", 5)).isFalse();
    assertThat(l1.size()).isZero();
  }

  @Test
  void invalidate_and_clear_empty_slots() {
    L1Cache l1 = new L1Cache(1 << 20, clock, servableFiveMinutes);
    l1.put(entry("book/1", 1, "1"));
    l1.put(entry("book/2", 1, "1"));
    l1.put(entry("book/3", 1, "1"));

    l1.invalidate("book/1");
    assertThat(l1.get("book/1")).isNull();
    assertThat(l1.get("book/2")).isNotNull();

    l1.clear();
    assertThat(l1.get("book/2")).isNull();
    assertThat(l1.get("book/3")).isNull();
  }

  @Test
  void zero_bytes_turns_the_l1_off() {
    L1Cache l1 = new L1Cache(0, clock, servableFiveMinutes);

    l1.put(entry("book/1", 1, "1"));

    assertThat(l1.get("book/1")).isNull();
    assertThat(l1.size()).isZero();
    assertThat(l1.invalidateOlderThan("book/1", 2)).isFalse();
  }

  // --- helpers ---

  private CachedEntry entry(String key, long version, String json) {
    return entry(key, version, json, clock.instant());
  }

  private static CachedEntry entry(String key, long version, String json, Instant modified) {
    return CachedEntry.of(new StoredEntry(key, json.getBytes(StandardCharsets.UTF_8), version, modified, null));
  }

  /** A JSON string value of about this many bytes. */
  private static String value(int bytes) {
    return "\"" + "x".repeat(bytes) + "\"";
  }

  /** Caffeine applies weights and evictions on its executor, the common pool: wait until it is idle. */
}
