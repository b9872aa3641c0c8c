package dev.kck.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.store.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A dump line keeps a stored entry exactly: the value's bytes, the version, the times, the dependents. */
class DumpLineTest {
  private static final Instant MODIFIED = Instant.parse("2026-11-21T10:00:00.123Z");

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"total\":12.50,\"n\":3,\"big\":1.0E10,\"name\":\"Caf\u00e9 \\\"Z\\\" \\u0007\",\"rows\":[1,{\"a\":null}]}",
      "\"just a string with \\\\ and \u2603\"", "12.0", "-0.000", "true", "null", "[]", "{}", "[1, 2]"})
  void keeps_the_value_bytes_exactly(String value) {
    StoredEntry entry = new StoredEntry("store/1", value.getBytes(StandardCharsets.UTF_8), 12, MODIFIED, null);

    DumpLine read = DumpLine.parse(new DumpLine(entry, List.of()).write());

    assertThat(new String(read.entry().value(), StandardCharsets.UTF_8)).isEqualTo(value);
  }

  @Test
  void keeps_version_times_and_dependents() {
    Instant expires = Instant.parse("2026-11-22T10:00:00.456Z");
    StoredEntry entry = new StoredEntry("store/1", "{}".getBytes(StandardCharsets.UTF_8), 1_764_000_000_000_123L,
        MODIFIED, expires);

    DumpLine read = DumpLine.parse(new DumpLine(entry, List.of("sales_summary/1", "a%2Fb/2")).write());

    assertThat(read.entry().key()).isEqualTo("store/1");
    assertThat(read.entry().version()).isEqualTo(1_764_000_000_000_123L);
    assertThat(read.entry().modified()).isEqualTo(MODIFIED);
    assertThat(read.entry().expiresAt()).isEqualTo(expires);
    assertThat(read.dependents()).containsExactly("sales_summary/1", "a%2Fb/2");
  }

  @Test
  void writes_a_value_with_line_breaks_on_one_line() {
    StoredEntry entry = new StoredEntry("store/1", "{\n  \"a\": 1.50\n}".getBytes(StandardCharsets.UTF_8), 1,
        MODIFIED, null);

    String line = new DumpLine(entry, List.of()).write();

    assertThat(line).doesNotContain("\n");
    assertThat(new String(DumpLine.parse(line).entry().value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1.50}");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json", "[1]", "{\"key\":\"a\"}", "{\"key\":\"a\",\"version\":0,\"modified\":\"2026-11-21T10:00:00Z\",\"value\":1}",
      "{\"key\":\"a\",\"version\":1,\"modified\":\"yesterday\",\"value\":1}",
      "{\"key\":\"a\",\"version\":1,\"modified\":\"2026-11-21T10:00:00Z\",\"value\":1,\"colour\":\"blue\"}",
      "{\"key\":\"a\",\"version\":1,\"modified\":\"2026-11-21T10:00:00Z\",\"value\":{\"a\":}",
      "{\"key\":\"a\",\"version\":1,\"modified\":\"2026-11-21T10:00:00Z\",\"value\":1} {}"})
  void refuses_what_is_not_a_dump_line(String line) {
    assertThatThrownBy(() -> DumpLine.parse(line)).isInstanceOf(IllegalArgumentException.class).message().isNotBlank();
  }
}
