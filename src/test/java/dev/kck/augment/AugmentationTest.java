package dev.kck.augment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.kernel.Json;
import dev.kck.product.AugmentRule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The YAML augment rules on values read as KCK reads them ({@link Json#MAPPER}: decimals keep every
 * digit and their scale): sums are exact, and anything that does not fit declines so the caller
 * recomputes instead.
 */
class AugmentationTest {

  @Test
  void add_to_an_integer_field_stays_an_integer() throws IOException {
    JsonNode sum = applied(add("count", ":qty"), "{\"count\":10,\"name\":\"x\"}", Map.of("qty", 3));

    assertThat(sum.get("count").isIntegralNumber()).isTrue();
    assertThat(json(sum)).isEqualTo("{\"count\":13,\"name\":\"x\"}");
  }

  @Test
  void add_to_an_integer_field_beyond_double_precision_is_exact() throws IOException {
    JsonNode sum = applied(add("total", ":qty"), "{\"total\":9007199254740993}", Map.of("qty", 1L));

    assertThat(sum.get("total").bigIntegerValue()).isEqualTo(new BigInteger("9007199254740994"));
  }

  @Test
  void add_to_an_integer_field_of_a_whole_decimal_stays_an_integer() throws IOException {
    JsonNode sum = applied(add("count", ":qty"), "{\"count\":10}", Map.of("qty", new BigDecimal("2.00")));

    assertThat(json(sum)).isEqualTo("{\"count\":12}");
  }

  @Test
  void add_of_a_fraction_to_an_integer_field_gives_a_decimal() throws IOException {
    JsonNode sum = applied(add("count", ":qty"), "{\"count\":10}", Map.of("qty", new BigDecimal("0.5")));

    assertThat(sum.get("count").decimalValue()).isEqualTo(new BigDecimal("10.5"));
  }

  @Test
  void add_to_a_decimal_field_is_exact_and_keeps_its_scale() throws IOException {
    JsonNode sum = applied(add("total", ":amount"), "{\"total\":10.50}", Map.of("amount", new BigDecimal("2.25")));
    JsonNode whole = applied(add("total", ":amount"), "{\"total\":10.50}", Map.of("amount", 1));

    assertThat(sum.get("total").decimalValue()).isEqualTo(new BigDecimal("12.75"));
    assertThat(whole.get("total").decimalValue()).isEqualTo(new BigDecimal("11.50"));
    assertThat(json(whole)).isEqualTo("{\"total\":11.50}");
  }

  @Test
  void add_of_a_double_adds_its_decimal_text_not_its_binary_value() throws IOException {
    JsonNode sum = applied(add("total", ":amount"), "{\"total\":0.1}", Map.of("amount", 0.2d));

    assertThat(sum.get("total").decimalValue()).isEqualTo(new BigDecimal("0.3"));
  }

  @Test
  void add_takes_literal_deltas_and_adds_to_every_field_it_names() throws IOException {
    AugmentRule rule = new AugmentRule("record_sale", Map.of("sales", 1, "revenue", ":price"), null);

    JsonNode sum = applied(rule, "{\"sales\":4,\"revenue\":100.00}", Map.of("price", new BigDecimal("19.99")));

    assertThat(sum.get("sales").asInt()).isEqualTo(5);
    assertThat(sum.get("revenue").decimalValue()).isEqualTo(new BigDecimal("119.99"));
  }

  @Test
  void add_to_a_missing_field_declines() throws IOException {
    assertThat(apply(add("count", ":qty"), "{\"other\":1}", Map.of("qty", 1))).isEmpty();
  }

  @Test
  void add_to_a_field_that_is_not_a_number_declines() throws IOException {
    assertThat(apply(add("count", ":qty"), "{\"count\":\"10\"}", Map.of("qty", 1))).isEmpty();
    assertThat(apply(add("count", ":qty"), "{\"count\":null}", Map.of("qty", 1))).isEmpty();
  }

  @Test
  void add_of_something_that_is_not_a_number_declines() throws IOException {
    assertThat(apply(add("count", ":qty"), "{\"count\":10}", Map.of("qty", "3"))).isEmpty();
    assertThat(apply(add("count", ":qty"), "{\"count\":10}", Map.of())).as("a parameter not given").isEmpty();
  }

  @Test
  void a_declined_add_leaves_the_value_it_was_given_as_it_was() throws IOException {
    JsonNode current = Json.MAPPER.readTree("{\"sales\":4,\"revenue\":\"n/a\"}");
    AugmentRule rule = new AugmentRule("record_sale", Map.of("sales", 1, "revenue", 1), null);

    assertThat(Augmentation.apply(rule, current, Map.of())).isEmpty();
    assertThat(json(current)).isEqualTo("{\"sales\":4,\"revenue\":\"n/a\"}");
  }

  @Test
  void add_to_a_list_declines() throws IOException {
    assertThat(apply(add("count", ":qty"), "[{\"count\":1}]", Map.of("qty", 1))).isEmpty();
  }

  @Test
  void append_adds_a_row_of_literals_and_parameters() throws IOException {
    AugmentRule rule = new AugmentRule("lend_book", null, Map.of("book_id", ":book_id", "kind", "loan", "days", 14));

    JsonNode rows = applied(rule, "[{\"book_id\":1,\"kind\":\"loan\",\"days\":7}]", Map.of("book_id", 42L));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("book_id").asLong()).isEqualTo(1);
    JsonNode added = rows.get(1);
    assertThat(added.get("book_id").asLong()).isEqualTo(42);
    assertThat(added.get("kind").asText()).isEqualTo("loan");
    assertThat(added.get("days").asInt()).isEqualTo(14);
    assertThat(added.size()).isEqualTo(3);
  }

  @Test
  void append_to_an_empty_list_adds_the_first_row() throws IOException {
    AugmentRule rule = new AugmentRule("lend_book", null, Map.of("id", ":id"));

    assertThat(json(applied(rule, "[]", Map.of("id", 1)))).isEqualTo("[{\"id\":1}]");
  }

  @Test
  void append_renders_dates_times_and_uuids_as_iso_text() throws IOException {
    AugmentRule rule = new AugmentRule("lend_book", null, Map.of("day", ":day", "at", ":at", "ref", ":ref"));
    Map<String, Object> hint = new HashMap<>();
    hint.put("day", LocalDate.of(2026, 11, 21));
    hint.put("at", OffsetDateTime.of(2026, 11, 21, 10, 30, 15, 0, ZoneOffset.ofHours(1)));
    hint.put("ref", UUID.fromString("0a1b2c3d-0000-4000-8000-00000000000f"));

    JsonNode row = applied(rule, "[]", hint).get(0);

    assertThat(row.get("day").isTextual()).isTrue();
    assertThat(row.get("day").asText()).isEqualTo("2026-11-21");
    assertThat(row.get("at").asText()).isEqualTo("2026-11-21T10:30:15+01:00");
    assertThat(row.get("ref").asText()).isEqualTo("0a1b2c3d-0000-4000-8000-00000000000f");
  }

  @Test
  void append_keeps_decimal_parameters_exact() throws IOException {
    AugmentRule rule = new AugmentRule("record_sale", null, Map.of("price", ":price"));

    JsonNode row = applied(rule, "[]", Map.of("price", new BigDecimal("19.90"))).get(0);

    assertThat(row.get("price").decimalValue()).isEqualTo(new BigDecimal("19.90"));
  }

  @Test
  void append_to_an_object_declines() throws IOException {
    AugmentRule rule = new AugmentRule("lend_book", null, Map.of("id", ":id"));

    assertThat(apply(rule, "{\"rows\":[]}", Map.of("id", 1))).isEmpty();
  }

  @Test
  void append_leaves_the_list_it_was_given_as_it_was() throws IOException {
    JsonNode current = Json.MAPPER.readTree("[{\"id\":1}]");

    Augmentation.apply(new AugmentRule("lend_book", null, Map.of("id", ":id")), current, Map.of("id", 2));

    assertThat(json(current)).isEqualTo("[{\"id\":1}]");
  }

  // --- helpers ---

  private static AugmentRule add(String field, Object delta) {
    return new AugmentRule("record_sale", Map.of(field, delta), null);
  }

  private static Optional<JsonNode> apply(AugmentRule rule, String current, Map<String, Object> hint)
      throws IOException {
    return Augmentation.apply(rule, Json.MAPPER.readTree(current), hint);
  }

  private static JsonNode applied(AugmentRule rule, String current, Map<String, Object> hint) throws IOException {
    return apply(rule, current, hint).orElseThrow(() -> new AssertionError("the rule declined"));
  }

  private static String json(JsonNode node) throws IOException {
    return Json.MAPPER.writeValueAsString(node);
  }
}
