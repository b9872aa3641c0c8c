package dev.kck.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kck.product.SqlPrimer;
import dev.kck.testing.ConfigFixtures;
import dev.kck.testing.CountingPrimer;
import dev.kck.testing.RenameCustomerUpdater;
import dev.kck.update.SqlUpdater;
import dev.kck.yaml.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DefinitionsTest {
  private static final Path NO_PLUGINS = Path.of("target/no-plugins");

  @Test
  void holds_the_yaml_definitions_and_the_java_ones_service_loader_finds() {
    Definitions definitions = Definitions.load(Path.of("config/products"), Path.of("config/updaters"), NO_PLUGINS);

    assertThat(definitions.products().get("store")).isInstanceOf(SqlPrimer.class);
    assertThat(definitions.products().get("counted")).isInstanceOf(CountingPrimer.class);
    assertThat(definitions.updaters().get("buy")).isInstanceOf(SqlUpdater.class);
    assertThat(definitions.updaters().get(RenameCustomerUpdater.NAME)).isInstanceOf(RenameCustomerUpdater.class);
  }

  @Test
  void reports_the_problems_of_products_and_updaters_together() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Definitions.load(
        ConfigFixtures.file("products-problems"), ConfigFixtures.file("updaters-problems"), NO_PLUGINS));

    assertThat(e.problems()).extracting(problem -> problem.file())
        .anyMatch(file -> file.contains("products-problems"))
        .anyMatch(file -> file.contains("updaters-problems"));
  }
}
