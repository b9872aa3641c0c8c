package dev.kck.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.kernel.KckException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductRegistryTest {
  private final ProductRegistry registry = new ProductRegistry(List.of(primer("daily",
      Parameter.of("store", ParamType.INT), Parameter.of("day", ParamType.DATE))));

  @Test
  void parses_to_the_canonical_key_with_typed_values() {
    Key key = registry.parse("daily/007/2025-03-10");

    assertThat(key.text()).isEqualTo("daily/7/2025-03-10");
    assertThat(key.values()).containsExactly(7, LocalDate.of(2025, 3, 10));
  }

  @Test
  void a_text_parsed_before_is_not_parsed_again() {
    Key first = registry.parse("daily/7/2025-03-10");

    assertThat(registry.parse("daily/7/2025-03-10")).isSameAs(first);
    assertThat(registry.parse("daily/07/2025-03-10")).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void a_text_that_failed_fails_every_time() {
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> registry.parse("daily/seven/2025-03-10"))
          .isInstanceOf(KckException.BadRequest.class).hasMessageContaining("'store'");
      assertThatThrownBy(() -> registry.parse("nightly/7")).isInstanceOf(KckException.NotFound.class);
    }
  }

  private static Primer primer(String name, Parameter... parameters) {
    ProductSpec spec = new ProductSpec(name, "", List.of(parameters), Freshness.DEFAULT, new Access.Public(),
        List.of(), null, List.of(), List.of(), List.of());
    return new Primer() {
      @Override
      public ProductSpec spec() {
        return spec;
      }

      @Override
      public Object compute(Key key, PrimerContext context) {
        return key.text();
      }
    };
  }
}
