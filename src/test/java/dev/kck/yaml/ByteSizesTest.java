package dev.kck.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

  @ParameterizedTest
  @CsvSource({"1048576, 1048576", "0, 0", "100B, 100", "512KB, 524288", "64MB, 67108864", "1GB, 1073741824",
      "2TB, 2199023255552", "64mb, 67108864"})
  void reads_counts_and_1024_based_units(String text, long expected) {
    assertThat(ByteSizes.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "1.5MB", "-1", "MB", "", "10 parsecs"})
  void refuses_anything_else(String text) {
    assertThatThrownBy(() -> ByteSizes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a size like 1048576, 512KB, 64MB or 1GB");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "9999999999TB"})
  void refuses_sizes_too_large_to_hold(String text) {
    assertThatThrownBy(() -> ByteSizes.parse(text)).hasMessageContaining("too large");
  }
}
