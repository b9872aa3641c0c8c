package dev.kck.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentTextsTest {

  @Test
  void keeps_a_value_for_exactly_its_text() {
    RecentTexts<Integer> table = new RecentTexts<>(64, 100);
    table.put("store_daily_sales/1/2025-03-10", 1);

    assertThat(table.get(new String("store_daily_sales/1/2025-03-10"))).isEqualTo(1);
    assertThat(table.get("store_daily_sales/1/2025-03-11")).isNull();
    assertThat(table.get("other_product/1/2025-03-10")).as("the same tail, another text").isNull();
  }

  @Test
  void a_text_that_takes_a_slot_pushes_the_other_out() {
    RecentTexts<Integer> table = new RecentTexts<>(1, 100);
    table.put("a", 1);
    table.put("b", 2);

    assertThat(table.get("a")).isNull();
    assertThat(table.get("b")).isEqualTo(2);
  }

  @Test
  void never_keeps_a_text_over_its_length_bound() {
    RecentTexts<Integer> table = new RecentTexts<>(64, 4);
    table.put("12345", 1);
    table.put("1234", 2);

    assertThat(table.get("12345")).isNull();
    assertThat(table.get("1234")).isEqualTo(2);
  }

  @Test
  void its_size_is_a_power_of_two() {
    assertThatThrownBy(() -> new RecentTexts<Integer>(100, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
