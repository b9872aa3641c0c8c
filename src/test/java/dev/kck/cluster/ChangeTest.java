package dev.kck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A change as the NOTIFY payload carries it: {@code kind|version|key}, read back exactly. */
class ChangeTest {

  @ParameterizedTest
  @EnumSource(Change.Kind.class)
  void every_kind_reads_back_from_its_payload(Change.Kind kind) {
    Change change = new Change(kind, "book/7", kind == Change.Kind.NEW_VERSION ? 42 : 0);

    assertThat(Change.parse(change.payload())).isEqualTo(change);
  }

  static Stream<Arguments> payloads() {
    return Stream.of(
        Arguments.of(new Change(Change.Kind.NEW_VERSION, "book/7", 42), "N|42|book/7"),
        Arguments.of(new Change(Change.Kind.DELETED, "book/7", 0), "D|0|book/7"),
        Arguments.of(new Change(Change.Kind.REFRESH_QUEUED, "", 0), "R|0|"));
  }

  @ParameterizedTest
  @MethodSource("payloads")
  void the_payload_is_kind_initial_version_and_key(Change change, String payload) {
    assertThat(change.payload()).isEqualTo(payload);
    assertThat(Change.parse(payload)).isEqualTo(change);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a|b", "|", "||", "note/|leading", "trailing|", "x/%7C|raw|and|encoded"})
  void a_key_holding_the_separator_reads_back_whole(String key) {
    Change change = new Change(Change.Kind.NEW_VERSION, key, 9);

    assertThat(Change.parse(change.payload())).isEqualTo(change);
  }

  @ParameterizedTest
  @ValueSource(strings = {"b\u00fccher/\u00e9t\u00e9", "\u65e5\u672c/\u6771\u4eac", "emoji/\ud83d\ude00|\ud83d\udc4d",
      "tab\tand newline\n"})
  void a_unicode_key_reads_back_whole(String key) {
    Change change = new Change(Change.Kind.DELETED, key, 0);

    assertThat(Change.parse(change.payload())).isEqualTo(change);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, Long.MAX_VALUE})
  void the_version_reads_back_whole(long version) {
    Change change = new Change(Change.Kind.NEW_VERSION, "book/7", version);

    assertThat(Change.parse(change.payload()).version()).isEqualTo(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "X|1|book/7", "n|1|book/7", "NEW_VERSION|1|book/7", "N|one|book/7", "N||book/7",
      "N|1.5|book/7", "N|99999999999999999999|book/7"})
  void a_payload_with_an_unknown_kind_or_a_bad_version_is_refused(String payload) {
    assertThatThrownBy(() -> Change.parse(payload)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The change feed drops any notice whose parsing throws a RuntimeException. A truncated payload
   * is refused, though today as an ArrayIndexOutOfBoundsException rather than an
   * IllegalArgumentException like the others.
   */
  @ParameterizedTest
  @ValueSource(strings = {"N", "N|42", "D|0"})
  void a_truncated_payload_is_refused(String payload) {
    assertThatThrownBy(() -> Change.parse(payload)).isInstanceOf(RuntimeException.class);
  }
}
