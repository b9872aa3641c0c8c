package dev.kck.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.kernel.KckException;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.testing.RenameCustomerUpdater;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdaterRegistryTest {
  @Test
  void holds_sql_and_java_updaters_by_name() {
    UpdaterRegistry registry = new UpdaterRegistry(List.of(new SqlUpdater(spec("record_sale", "select 1")),
        new RenameCustomerUpdater()));

    assertThat(registry.all()).extracting(u -> u.spec().name())
        .containsExactly("record_sale", RenameCustomerUpdater.NAME);
    assertThat(registry.get("record_sale")).isInstanceOf(SqlUpdater.class);
    assertThat(registry.find(RenameCustomerUpdater.NAME)).get().isInstanceOf(RenameCustomerUpdater.class);
  }

  @Test
  void refuses_two_updaters_with_one_name() {
    assertThatThrownBy(() -> new UpdaterRegistry(List.of(new SqlUpdater(spec(RenameCustomerUpdater.NAME, "select 1")),
        new RenameCustomerUpdater())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two updaters are named " + RenameCustomerUpdater.NAME)
        .hasMessageContaining(RenameCustomerUpdater.class.getName());
  }

  @Test
  void an_unknown_name_is_404() {
    UpdaterRegistry registry = new UpdaterRegistry(List.of());

    assertThat(registry.find("nope")).isEmpty();
    assertThatThrownBy(() -> registry.get("nope")).isInstanceOf(KckException.NotFound.class).hasMessageContaining("nope");
  }

  @Test
  void sql_using_an_undeclared_parameter_is_refused_at_load() {
    assertThatThrownBy(() -> new SqlUpdater(spec("bad", "update t set a = :id, b = :other")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":other");
  }

  @Test
  void a_spec_declaring_one_parameter_twice_is_refused() {
    assertThatThrownBy(() -> UpdaterSpec.of("twice", List.of(Parameter.of("id", ParamType.INT),
        Parameter.of("id", ParamType.LONG)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id'");
  }

  private static UpdaterSpec spec(String name, String sql) {
    return new UpdaterSpec(name, List.of(Parameter.of("id", ParamType.INT)), sql, null, null, null, null);
  }
}
