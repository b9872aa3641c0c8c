package dev.kck.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.product.Freshness;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Where an entry stands under its product's policy, at the exact instants the policy names: each
 * window is closed at its start and open at its end (fresh until fresh_for, not at it).
 */
class StalenessTest {
  private static final Instant MODIFIED = Instant.parse("2026-11-21T10:00:00Z");
  private static final Duration NANO = Duration.ofNanos(1);
  private static final Duration FRESH_FOR = Duration.ofMinutes(1);
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration STALE_IF_ERROR = Duration.ofMinutes(10);
  private static final Freshness ALL = new Freshness(FRESH_FOR, TTL, STALE_IF_ERROR, null, false);

  @Test
  void an_entry_is_fresh_from_its_modification_until_just_before_fresh_for() {
    assertThat(at(ALL, Duration.ZERO)).isEqualTo(Staleness.FRESH);
    assertThat(at(ALL, FRESH_FOR.minus(NANO))).isEqualTo(Staleness.FRESH);
  }

  @Test
  void an_entry_is_stale_from_fresh_for_until_just_before_ttl() {
    assertThat(at(ALL, FRESH_FOR)).isEqualTo(Staleness.STALE);
    assertThat(at(ALL, TTL.minus(NANO))).isEqualTo(Staleness.STALE);
  }

  @Test
  void an_entry_is_error_only_from_ttl_until_just_before_the_end_of_stale_if_error() {
    assertThat(at(ALL, TTL)).isEqualTo(Staleness.ERROR_ONLY);
    assertThat(at(ALL, TTL.plus(STALE_IF_ERROR).minus(NANO))).isEqualTo(Staleness.ERROR_ONLY);
  }

  @Test
  void an_entry_is_dead_from_the_end_of_stale_if_error() {
    assertThat(at(ALL, TTL.plus(STALE_IF_ERROR))).isEqualTo(Staleness.DEAD);
    assertThat(at(ALL, Duration.ofDays(365))).isEqualTo(Staleness.DEAD);
  }

  @Test
  void without_stale_if_error_an_entry_is_dead_at_its_ttl() {
    Freshness ttlOnly = new Freshness(null, TTL, null, null, false);

    assertThat(at(ttlOnly, TTL.minus(NANO))).isEqualTo(Staleness.FRESH);
    assertThat(at(ttlOnly, TTL)).isEqualTo(Staleness.DEAD);
  }

  @Test
  void with_fresh_for_alone_an_entry_stays_stale_forever() {
    Freshness freshForOnly = new Freshness(FRESH_FOR, null, null, null, false);

    assertThat(at(freshForOnly, FRESH_FOR)).isEqualTo(Staleness.STALE);
    assertThat(at(freshForOnly, Duration.ofDays(3650))).isEqualTo(Staleness.STALE);
  }

  @Test
  void without_any_duration_an_entry_is_fresh_forever() {
    assertThat(at(Freshness.DEFAULT, Duration.ofDays(3650))).isEqualTo(Staleness.FRESH);
  }

  @Test
  void stale_if_error_without_ttl_never_ends_an_entry() {
    Freshness noTtl = new Freshness(FRESH_FOR, null, STALE_IF_ERROR, null, false);

    assertThat(at(noTtl, STALE_IF_ERROR.multipliedBy(100))).isEqualTo(Staleness.STALE);
    assertThat(Staleness.servableUntil(MODIFIED, noTtl)).isNull();
  }

  @Test
  void an_entry_is_servable_until_ttl_plus_stale_if_error() {
    assertThat(Staleness.servableUntil(MODIFIED, ALL)).isEqualTo(MODIFIED.plus(TTL).plus(STALE_IF_ERROR));
  }

  @Test
  void without_stale_if_error_an_entry_is_servable_until_its_ttl() {
    Freshness ttlOnly = new Freshness(FRESH_FOR, TTL, null, null, false);

    assertThat(Staleness.servableUntil(MODIFIED, ttlOnly)).isEqualTo(MODIFIED.plus(TTL));
  }

  @Test
  void without_ttl_an_entry_is_servable_forever() {
    assertThat(Staleness.servableUntil(MODIFIED, new Freshness(FRESH_FOR, null, null, null, false))).isNull();
    assertThat(Staleness.servableUntil(MODIFIED, Freshness.DEFAULT)).isNull();
  }

  @Test
  void fresh_seconds_left_counts_down_to_fresh_for_in_whole_seconds() {
    assertThat(Staleness.freshSecondsLeft(MODIFIED, ALL, MODIFIED)).isEqualTo(60);
    assertThat(Staleness.freshSecondsLeft(MODIFIED, ALL, MODIFIED.plusMillis(500))).isEqualTo(59);
    assertThat(Staleness.freshSecondsLeft(MODIFIED, ALL, MODIFIED.plusSeconds(59))).isEqualTo(1);
  }

  @Test
  void fresh_seconds_left_falls_back_to_ttl_without_fresh_for() {
    Freshness ttlOnly = new Freshness(null, TTL, STALE_IF_ERROR, null, false);

    assertThat(Staleness.freshSecondsLeft(MODIFIED, ttlOnly, MODIFIED.plusSeconds(10))).isEqualTo(290);
  }

  @Test
  void fresh_seconds_left_is_zero_once_fresh_for_has_passed() {
    assertThat(Staleness.freshSecondsLeft(MODIFIED, ALL, MODIFIED.plus(FRESH_FOR))).isZero();
    assertThat(Staleness.freshSecondsLeft(MODIFIED, ALL, MODIFIED.plus(TTL))).isZero();
  }

  @Test
  void fresh_seconds_left_is_minus_one_when_nothing_bounds_freshness() {
    assertThat(Staleness.freshSecondsLeft(MODIFIED, Freshness.DEFAULT, MODIFIED)).isEqualTo(-1);
  }

  @Test
  void freshness_lifetime_left_counts_down_then_goes_negative_once_stale() {
    assertThat(Staleness.freshnessLifetimeLeft(MODIFIED, ALL, MODIFIED)).isEqualTo(60);
    assertThat(Staleness.freshnessLifetimeLeft(MODIFIED, ALL, MODIFIED.plusMillis(500))).isEqualTo(59);
    assertThat(Staleness.freshnessLifetimeLeft(MODIFIED, ALL, MODIFIED.plus(FRESH_FOR))).isZero();
    assertThat(Staleness.freshnessLifetimeLeft(MODIFIED, ALL, MODIFIED.plus(FRESH_FOR).plusMillis(500))).isEqualTo(-1);
    assertThat(Staleness.freshnessLifetimeLeft(MODIFIED, ALL, MODIFIED.plusSeconds(90))).isEqualTo(-30);
  }

  @Test
  void freshness_lifetime_left_falls_back_to_ttl_and_is_null_without_a_limit() {
    Freshness ttlOnly = new Freshness(null, TTL, null, null, false);
    assertThat(Staleness.freshnessLifetimeLeft(MODIFIED, ttlOnly, MODIFIED.plusSeconds(10))).isEqualTo(290);
    assertThat(Staleness.freshnessLifetimeLeft(MODIFIED, Freshness.DEFAULT, MODIFIED)).isNull();
  }

  private static Staleness at(Freshness policy, Duration sinceModified) {
    return Staleness.of(MODIFIED, policy, MODIFIED.plus(sinceModified));
  }
}
