package dev.kck.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterRowsTest {
  private final ProductSpec daily = new ProductSpec("daily", "",
      List.of(Parameter.of("store", ParamType.INT), Parameter.of("day", ParamType.DATE)), Freshness.DEFAULT,
      new Access.Public(), List.of(), null, List.of(), List.of(), List.of());

  @Test
  void a_row_of_scalars_naming_every_parameter_is_the_canonical_key() throws Exception {
    assertThat(ParameterRows.keyOf(daily, row("{\"day\": \"2025-03-10\", \"store\": \"007\"}")).text())
        .isEqualTo("daily/7/2025-03-10");
    assertThat(ParameterRows.keyOf(daily, row("{\"store\": 7, \"day\": \"2025-03-10\"}")).text())
        .isEqualTo("daily/7/2025-03-10");
  }

  @Test
  void a_row_that_is_not_an_object_names_an_unknown_field_or_misses_a_value_is_refused() {
    refused("[7, \"2025-03-10\"]", "a row must be a JSON object", null);
    refused("{\"store\": 7, \"day\": \"2025-03-10\", \"shop\": 1}", "'shop' is not a parameter of daily", null);
    refused("{\"store\": 7}", "parameter 'day' needs a value", "day");
    refused("{\"store\": 7, \"day\": null}", "parameter 'day' needs a value", "day");
    refused("{\"store\": {\"id\": 7}, \"day\": \"2025-03-10\"}", "parameter 'store' needs a value", "store");
    refused("{\"store\": \"seven\", \"day\": \"2025-03-10\"}", "parameter 'store'", "store");
  }

  private void refused(String json, String message, String parameter) {
    assertThatThrownBy(() -> ParameterRows.keyOf(daily, row(json)))
        .isInstanceOfSatisfying(KckException.BadRequest.class, e -> {
          assertThat(e.getMessage()).contains(message);
          assertThat(e.parameter()).isEqualTo(parameter);
        });
  }

  private static JsonNode row(String json) throws Exception {
    return Json.MAPPER.readTree(json);
  }
}
