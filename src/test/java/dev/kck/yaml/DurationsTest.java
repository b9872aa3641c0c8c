package dev.kck.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "10m, PT10M", "2h, PT2H", "1d, PT24H", "0s, PT0S"})
  void reads_each_unit(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "30 s", "1.5h", "-1s", "10M", "PT30S", "s", "", "1w"})
  void refuses_anything_else(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a duration like 500ms, 30s, 10m, 2h or 1d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "9223372036854775807d"})
  void refuses_durations_too_large_to_hold(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("too large");
  }

  @ParameterizedTest
  @CsvSource({"500ms", "30s", "10m", "2h", "1d", "90s", "1500ms"})
  void formats_what_it_reads(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }
}
