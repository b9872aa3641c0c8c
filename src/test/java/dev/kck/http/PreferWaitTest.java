package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code Prefer: wait=N} as RFC 7240 has it, capped at 60 s. */
class PreferWaitTest {

  @Test
  void reads_the_wait_among_other_preferences() {
    assertThat(waitOf("wait=10")).hasValue(Duration.ofSeconds(10));
    assertThat(waitOf("respond-async, wait=5")).hasValue(Duration.ofSeconds(5));
    assertThat(waitOf("return=minimal", "Wait = \"7\"")).hasValue(Duration.ofSeconds(7));
    assertThat(waitOf("wait=3; foo=bar")).hasValue(Duration.ofSeconds(3));
  }

  @Test
  void caps_it_at_60_seconds_and_counts_only_the_first() {
    assertThat(waitOf("wait=3600")).hasValue(Duration.ofSeconds(60));
    assertThat(waitOf("wait=99999999999999")).as("absurd, so ignored").isEmpty();
    assertThat(waitOf("wait=2, wait=30")).hasValue(Duration.ofSeconds(2));
  }

  @Test
  void ignores_what_it_cannot_use() {
    assertThat(waitOf()).isEmpty();
    assertThat(waitOf("return=minimal")).isEmpty();
    assertThat(waitOf("wait=0")).isEmpty();
    assertThat(waitOf("wait=-1")).isEmpty();
    assertThat(waitOf("wait=abc")).isEmpty();
    assertThat(waitOf("wait=")).isEmpty();
    assertThat(waitOf("waiting=5")).isEmpty();
  }

  private static Optional<Duration> waitOf(String... headers) {
    return HeldFetches.requestedWait(Collections.enumeration(List.of(headers)));
  }
}
