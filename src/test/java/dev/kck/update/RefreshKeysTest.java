package dev.kck.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshKeysTest {
  private static final UpdaterSpec SPEC = UpdaterSpec.of("record_sale", List.of(
          Parameter.of("store_id", ParamType.INT), Parameter.of("day", ParamType.DATE),
          Parameter.of("amount", ParamType.DECIMAL), new Parameter("note", ParamType.STRING, null, false),
          new Parameter("at", ParamType.TIMESTAMP, null, false)))
      .withRefreshes(List.of("store_daily_sales/:store_id/:day", "sales_summary", "by_amount/:amount",
          "notes/:note", "at/:at", "fixed/a%2Fb/:store_id"));

  @Test
  void expands_each_template_with_the_calls_canonical_values() {
    Map<String, Object> call = call(7, "2025-03-01", "12.50", "hello", "2025-03-01T10:00:00+01:00");

    assertThat(SPEC.refreshKeys(call)).containsExactly(
        "store_daily_sales/7/2025-03-01", "sales_summary", "by_amount/12.50", "notes/hello",
        "at/2025-03-01T10:00+01:00", "fixed/a%2Fb/7");
  }

  @Test
  void percent_encodes_each_segment_once() {
    Map<String, Object> call = call(1, "2025-01-01", "1", "a/b c%d?é", null);

    assertThat(SPEC.refreshKeys(call)).contains("notes/a%2Fb%20c%25d%3F%C3%A9");
  }

  @Test
  void skips_a_template_whose_parameter_is_null() {
    Map<String, Object> call = call(1, "2025-01-01", "1", null, null);

    assertThat(SPEC.refreshKeys(call)).containsExactly(
        "store_daily_sales/1/2025-01-01", "sales_summary", "by_amount/1", "fixed/a%2Fb/1");
  }

  @Test
  void no_refreshes_means_no_keys() {
    UpdaterSpec quiet = UpdaterSpec.of("quiet", List.of(Parameter.of("id", ParamType.INT)));

    assertThat(quiet.refreshKeys(Map.of("id", 1))).isEmpty();
  }

  @Test
  void an_update_refreshes_every_calls_keys_once_in_order() {
    UpdaterSpec perStore = UpdaterSpec.of("per_store", List.of(Parameter.of("store_id", ParamType.INT)))
        .withRefreshes(List.of("store/:store_id", "sales_summary"));
    PreparedUpdate update = new PreparedUpdate(new SqlUpdater(
        new UpdaterSpec("per_store", perStore.parameters(), "select 1", null, perStore.refreshes(), null, null)),
        List.of(Map.of("store_id", 2), Map.of("store_id", 1), Map.of("store_id", 2)));

    assertThat(update.refreshKeys()).containsExactly("store/2", "sales_summary", "store/1");
  }

  private static Map<String, Object> call(int store, String day, String amount, String note, String at) {
    Map<String, Object> call = new HashMap<>();
    call.put("store_id", store);
    call.put("day", LocalDate.parse(day));
    call.put("amount", new BigDecimal(amount));
    call.put("note", note);
    call.put("at", at == null ? null : OffsetDateTime.parse(at));
    return call;
  }
}
