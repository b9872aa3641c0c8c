package dev.kck.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.kernel.KckException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

  @Test
  void writes_a_value_within_the_bound_as_json() {
    byte[] json = new ValueCodec(100).toJson("k", Map.of("a", List.of(1, 2)));

    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2]}");
  }

  @Test
  void a_value_of_exactly_the_bound_is_kept() {
    assertThat(new ValueCodec(7).toJson("k", "12345")).hasSize(7); // "12345" with its quotes
  }

  @Test
  void a_value_over_the_bound_is_a_500_naming_the_limit_and_never_buffered_whole() {
    List<String> huge = Collections.nCopies(1_000_000, "x".repeat(100)); // 100 MB as JSON

    assertThatThrownBy(() -> new ValueCodec(1 << 20).toJson("big/1", huge))
        .isInstanceOfSatisfying(KckException.Internal.class, e -> assertThat(e.status()).isEqualTo(500))
        .hasMessageContaining("big/1").hasMessageContaining("cache.max_value_bytes");
  }

  @Test
  void a_value_jackson_cannot_write_is_a_500_saying_so() {
    Object selfReference = new Object() {
      public Object getSelf() {
        return this;
      }
    };

    assertThatThrownBy(() -> new ValueCodec(1 << 20).toJson("odd/1", selfReference))
        .isInstanceOf(KckException.Internal.class).hasMessageContaining("not serialisable");
  }
}
