package dev.kck.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void an_id_carries_the_version_of_every_key_held_and_reads_back() {
    long[] hashes = {EventIds.hash("book/1"), EventIds.hash("book/2"), EventIds.hash("book/3")};
    String id = EventIds.of(hashes, new long[] {7, 0, 1L << 40});

    assertThat(id).startsWith("1.").doesNotContain("\n", "=", "+", "/");
    assertThat(EventIds.parse(id)).isEqualTo(Map.of(hashes[0], 7L, hashes[2], 1L << 40));
  }

  @Test
  void a_hundred_keys_fit_in_well_under_two_kilobytes() {
    long[] hashes = new long[100];
    long[] versions = new long[100];
    for (int i = 0; i < 100; i++) {
      hashes[i] = EventIds.hash("sales_by_store/" + i + "/2026-11-20");
      versions[i] = 10_000_000L + i;
    }
    assertThat(EventIds.of(hashes, versions).length()).isLessThan(1400);
  }

  @Test
  void a_decimal_id_is_the_version_of_a_one_key_stream() {
    assertThat(EventIds.parse("42")).isEqualTo(Map.of(-1L, 42L));
  }

  @Test
  void a_malformed_or_foreign_id_holds_nothing() {
    assertThat(EventIds.parse(null)).isEmpty();
    assertThat(EventIds.parse("")).isEmpty();
    assertThat(EventIds.parse("1.!!!")).isEmpty();
    assertThat(EventIds.parse("1.AAAA")).as("truncated").isEmpty();
    assertThat(EventIds.parse("2.AAAAAAAAAA")).isEmpty();
    assertThat(EventIds.parse("1." + "A".repeat(5000))).isEmpty();
  }

  @Test
  void the_hash_is_48_bits_and_stable() {
    assertThat(EventIds.hash("book/1")).isEqualTo(EventIds.hash("book/1")).isNotEqualTo(EventIds.hash("book/2"));
    assertThat(EventIds.hash("book/1") >>> 48).isZero();
  }
}
