package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.config.KckConfig;
import dev.kck.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The token bucket on a moved clock: burst, refill, one bucket per caller. */
class RateLimiterTest {
  private final MutableClock clock = MutableClock.atFixedStart();
  private final RateLimiter limiter = new RateLimiter(new KckConfig.RateLimit(2, 3), clock);

  @Test
  void allows_a_burst_then_says_how_long_to_wait() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("sub:alice")).isZero();
    }
    assertThat(limiter.acquire("sub:alice")).isEqualTo(Duration.ofMillis(500));

    clock.advance(Duration.ofMillis(499));
    assertThat(limiter.acquire("sub:alice")).isEqualTo(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.acquire("sub:alice")).isZero();
    assertThat(limiter.acquire("sub:alice")).isPositive();
  }

  @Test
  void refills_at_the_rate_up_to_the_burst_only() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("sub:alice");
    }
    clock.advance(Duration.ofHours(1));

    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("sub:alice")).isZero();
    }
    assertThat(limiter.acquire("sub:alice")).isPositive();
  }

  @Test
  void each_caller_has_its_own_bucket() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("sub:alice");
    }
    assertThat(limiter.acquire("sub:alice")).isPositive();
    assertThat(limiter.acquire("sub:bob")).isZero();
    assertThat(limiter.acquire("ip:10.0.0.1")).isZero();
  }

  @Test
  void an_ipv6_client_counts_by_its_64_bit_prefix() {
    assertThat(RateLimitGuard.addressKey("2001:db8:1:2:aaaa::1"))
        .isEqualTo(RateLimitGuard.addressKey("[2001:db8:1:2:bbbb::2]"))
        .isNotEqualTo(RateLimitGuard.addressKey("2001:db8:1:3::1"));
    assertThat(RateLimitGuard.addressKey("10.0.0.1")).isEqualTo("10.0.0.1");
  }
}
