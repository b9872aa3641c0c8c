package dev.kck.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheControlTest {

  @Test
  void reads_max_age() {
    assertThat(CacheControl.maxAge(List.of("public, max-age=300, must-revalidate"))).isEqualTo(Duration.ofSeconds(300));
    assertThat(CacheControl.maxAge(List.of("public", "Max-Age=\"60\""))).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void defaults_to_ten_minutes() {
    assertThat(CacheControl.maxAge(List.of())).isEqualTo(Duration.ofMinutes(10));
    assertThat(CacheControl.maxAge(List.of("max-age=soon"))).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void treats_no_cache_as_zero_and_caps_huge_values_at_a_day() {
    assertThat(CacheControl.maxAge(List.of("no-cache"))).isZero();
    assertThat(CacheControl.maxAge(List.of("max-age=99999999"))).isEqualTo(Duration.ofDays(1));
  }
}
