package dev.kck.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.kernel.Json;
import dev.kck.store.StoredEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The ENTRY body a hit sends as prepared bytes: the key JSON-quoted, the value exactly as stored,
 * the version and modification time, and a stale flag that only the tail changes for.
 */
class CachedEntryTest {
  private static final Instant MODIFIED = Instant.parse("2026-11-21T10:00:00.123Z");

  @Test
  void the_body_holds_key_value_version_modified_and_a_false_stale_flag() {
    CachedEntry entry = CachedEntry.of(stored("book/7", "{\"title\":\"Dune\"}", 42, null));

    assertThat(text(entry.body(false))).isEqualTo(
        "{\"key\":\"book/7\",\"value\":{\"title\":\"Dune\"},\"version\":42,"
            + "\"modified\":\"2026-11-21T10:00:00.123Z\",\"stale\":false}");
  }

  @Test
  void the_stale_body_differs_from_the_fresh_one_only_in_its_flag() {
    CachedEntry entry = CachedEntry.of(stored("book/7", "[1,2,3]", 5, null));

    String fresh = text(entry.body(false));
    String stale = text(entry.body(true));

    assertThat(stale).endsWith(",\"stale\":true}");
    assertThat(stale.replace("\"stale\":true}", "\"stale\":false}")).isEqualTo(fresh);
    assertThat(text(entry.body(false))).as("asking for the stale body leaves the fresh one as it was")
        .isEqualTo(fresh);
  }

  @Test
  void the_key_is_quoted_as_json_whatever_it_holds() throws IOException {
    String key = "note/say \"hi\"\\back\tslash/b\u00fccher/\u65e5\u672c/\ud83d\ude00";
    CachedEntry entry = CachedEntry.of(stored(key, "1", 1, null));

    JsonNode body = Json.MAPPER.readTree(entry.body(false));

    assertThat(body.get("key").asText()).isEqualTo(key);
    assertThat(body.get("value").asInt()).isEqualTo(1);
  }

  @Test
  void the_value_is_sent_byte_for_byte_as_stored() {
    String value = "{ \"price\" : 10.50 ,\"tags\":[ \"a\",\"\u00e9\" ], \"n\":1e3 }";
    CachedEntry entry = CachedEntry.of(stored("book/7", value, 3, null));

    assertThat(text(entry.body(false))).contains(",\"value\":" + value + ",\"version\":3,");
    assertThat(entry.value()).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void the_value_given_out_is_a_copy_that_cannot_change_the_body() {
    CachedEntry entry = CachedEntry.of(stored("book/7", "[1]", 3, null));
    byte[] fresh = entry.body(false).clone();

    entry.value()[1] = '9';

    assertThat(entry.body(false)).isEqualTo(fresh);
    assertThat(text(entry.value())).isEqualTo("[1]");
  }

  @Test
  void the_etag_is_the_quoted_version() {
    assertThat(CachedEntry.of(stored("book/7", "1", 1234567890123L, null)).etag()).isEqualTo("\"1234567890123\"");
  }

  @Test
  void last_modified_is_the_http_date_of_the_modification_in_gmt() {
    CachedEntry entry = CachedEntry.of(stored("book/7", "1", 1, null));

    assertThat(entry.lastModified()).isEqualTo("Sat, 21 Nov 2026 10:00:00 GMT");
    assertThat(entry.modified()).isEqualTo(MODIFIED);
  }

  @Test
  void stored_gives_back_the_entry_it_was_built_from() {
    Instant expiresAt = MODIFIED.plusSeconds(300);
    StoredEntry original = stored("book/\u00e9/7", "{\"a\":[1,2.50]}", 77, expiresAt);

    StoredEntry back = CachedEntry.of(original).stored();

    assertThat(back.key()).isEqualTo(original.key());
    assertThat(back.value()).isEqualTo(original.value());
    assertThat(back.version()).isEqualTo(77);
    assertThat(back.modified()).isEqualTo(MODIFIED);
    assertThat(back.expiresAt()).isEqualTo(expiresAt);
  }

  @Test
  void stored_keeps_a_missing_expiry_missing() {
    assertThat(CachedEntry.of(stored("book/7", "1", 1, null)).stored().expiresAt()).isNull();
  }

  private static StoredEntry stored(String key, String value, long version, Instant expiresAt) {
    return new StoredEntry(key, value.getBytes(StandardCharsets.UTF_8), version, MODIFIED, expiresAt);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
