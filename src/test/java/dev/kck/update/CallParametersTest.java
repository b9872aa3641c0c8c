package dev.kck.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.auth.Principal;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Body reading without a database: shapes, conversions and claim rules (UpdateServiceIT covers the rest). */
class CallParametersTest {
  private static final UpdaterSpec SPEC = UpdaterSpec.of("lend", List.of(
      Parameter.of("book_id", ParamType.INT), Parameter.of("price", ParamType.DECIMAL),
      Parameter.of("label", ParamType.STRING), new Parameter("member", ParamType.STRING, "sub", true),
      new Parameter("urgent", ParamType.BOOL, null, false)));
  private static final Principal ALICE = new Principal("alice", Set.of(), Map.of("sub", "alice"), Long.MAX_VALUE);

  @Test
  void converts_json_numbers_strings_and_booleans_by_the_declared_type() throws Exception {
    Map<String, Object> call = readOne("{\"book_id\": \"7\", \"price\": 12.50, \"label\": 42, \"urgent\": true}", ALICE);

    assertThat(call).containsEntry("book_id", 7).containsEntry("price", new BigDecimal("12.50"))
        .containsEntry("label", "42").containsEntry("urgent", true).containsEntry("member", "alice");
    assertThat(call.keySet()).containsExactly("book_id", "price", "label", "member", "urgent");
  }

  @Test
  void decimals_read_with_the_body_reader_keep_every_digit() throws Exception {
    Map<String, Object> call = readOne("{\"book_id\": 1, \"price\": 12345678901234567.890, \"label\": \"x\"}", ALICE);

    assertThat(call.get("price")).hasToString("12345678901234567.890");
  }

  @Test
  void a_decimal_too_large_for_postgresql_is_400_before_it_is_ever_written_out() {
    for (String price : List.of("1e999999999", "\"1e999999999\"", "\"1e-999999999\"")) {
      KckException.BadRequest e = badRequest("{\"book_id\": 1, \"price\": " + price + ", \"label\": \"x\"}", ALICE);

      assertThat(e.parameter()).as(price).isEqualTo("price");
    }
  }

  @Test
  void a_json_null_is_an_absent_value() throws Exception {
    assertThat(readOne("{\"book_id\": 1, \"price\": 1, \"label\": \"x\", \"urgent\": null}", ALICE))
        .containsEntry("urgent", null);
    assertThat(badRequest("{\"book_id\": null, \"price\": 1, \"label\": \"x\"}", ALICE).parameter()).isEqualTo("book_id");
  }

  @Test
  void a_number_that_does_not_fit_the_type_is_400_naming_the_parameter() {
    KckException.BadRequest e = badRequest("{\"book_id\": 1.5, \"price\": 1, \"label\": \"x\"}", ALICE);

    assertThat(e.parameter()).isEqualTo("book_id");
    assertThat(e.getMessage()).contains("an int", "1.5");
  }

  @Test
  void an_array_value_is_400_naming_the_parameter() {
    assertThat(badRequest("{\"book_id\": 1, \"price\": 1, \"label\": [\"x\"]}", ALICE).parameter()).isEqualTo("label");
  }

  @Test
  void an_array_body_is_one_call_per_element_and_errors_name_the_element() throws Exception {
    List<Map<String, Object>> calls = CallParameters.read(SPEC,
        json("[{\"book_id\": 1, \"price\": 1, \"label\": \"a\"}, {\"book_id\": 2, \"price\": 2, \"label\": \"b\"}]"),
        ALICE, true);
    KckException.BadRequest e = badRequest("[{\"book_id\": 1, \"price\": 1, \"label\": \"a\"}, {\"book_id\": 2}]", ALICE);

    assertThat(calls).extracting(call -> call.get("book_id")).containsExactly(1, 2);
    assertThat(e.getMessage()).startsWith("element [1]: ");
    assertThat(e.parameter()).isEqualTo("price");
  }

  @Test
  void a_claim_that_does_not_parse_as_the_type_is_403() {
    UpdaterSpec byNumber = UpdaterSpec.of("by_number", List.of(new Parameter("member_id", ParamType.INT, "sub", true)));

    assertThat(catchThrowableOfType(KckException.Forbidden.class,
        () -> CallParameters.read(byNumber, json("{}"), ALICE, true))).hasMessageContaining("member_id");
  }

  @Test
  void a_token_without_the_claim_is_403() {
    Principal noSub = new Principal(null, Set.of(), Map.of("iss", "kck"), Long.MAX_VALUE);

    assertThat(catchThrowableOfType(KckException.Forbidden.class,
        () -> CallParameters.read(SPEC, json("{\"book_id\": 1, \"price\": 1, \"label\": \"x\"}"), noSub, true)))
        .hasMessageContaining("'sub'");
  }

  @Test
  void with_auth_disabled_a_claim_fills_an_absent_value_but_refuses_nothing() throws Exception {
    String base = "\"book_id\": 1, \"price\": 1, \"label\": \"x\"";

    assertThat(CallParameters.read(SPEC, json("{" + base + "}"), ALICE, false).get(0)).containsEntry("member", "alice");
    assertThat(CallParameters.read(SPEC, json("{" + base + ", \"member\": \"bob\"}"), ALICE, false).get(0))
        .containsEntry("member", "bob");
    assertThat(CallParameters.read(SPEC, json("{" + base + ", \"member\": \"bob\"}"), Principal.ANONYMOUS, false).get(0))
        .containsEntry("member", "bob");
    assertThat(catchThrowableOfType(KckException.BadRequest.class,
        () -> CallParameters.read(SPEC, json("{" + base + "}"), Principal.ANONYMOUS, false)).parameter())
        .isEqualTo("member");
  }

  @Test
  void no_body_is_400() {
    assertThat(catchThrowableOfType(KckException.BadRequest.class, () -> CallParameters.read(SPEC, null, ALICE, true)))
        .hasMessageContaining("JSON object");
  }

  private static Map<String, Object> readOne(String body, Principal principal) throws JsonProcessingException {
    return CallParameters.read(SPEC, json(body), principal, true).get(0);
  }

  private static KckException.BadRequest badRequest(String body, Principal principal) {
    return catchThrowableOfType(KckException.BadRequest.class,
        () -> CallParameters.read(SPEC, json(body), principal, true));
  }

  @Test
  void an_array_over_the_cap_is_refused_naming_the_cap_before_any_call_is_read() throws Exception {
    String call = "{\"book_id\": 1, \"price\": 1, \"label\": \"x\"}";
    assertThat(CallParameters.read(SPEC, json("[" + call + "," + call + "]"), ALICE, true, 2)).hasSize(2);

    KckException.BadRequest e = catchThrowableOfType(KckException.BadRequest.class,
        () -> CallParameters.read(SPEC, json("[" + call + "," + call + ", {\"typo\": 1}]"), ALICE, true, 2));

    assertThat(e.getMessage()).isEqualTo("at most 2 calls in one update (server.max_update_calls), got 3");
  }

  private static JsonNode json(String text) throws JsonProcessingException {
    return Json.MAPPER.readTree(text);
  }
}
