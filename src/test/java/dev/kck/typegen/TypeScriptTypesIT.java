package dev.kck.typegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.kck.definition.ProductFiles;
import dev.kck.definition.UpdaterFiles;
import dev.kck.kernel.Json;
import dev.kck.product.ProductRegistry;
import dev.kck.product.SqlPrimer;
import dev.kck.testing.DemoDatabase;
import dev.kck.update.SqlUpdater;
import dev.kck.update.UpdaterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The golden test TYPEGEN.md asks for: the types written for the demo config equal, from their
 * second line on, the dashboard's hand-written kck-products.ts that the TypeScript client's own
 * type tests compile against.
 */
class TypeScriptTypesIT {
  private static final Path EXAMPLE = Path.of("clients/typescript/examples/dashboard/src/kck-products.ts");

  @Test
  void the_demo_types_equal_the_dashboards_from_the_second_line_on() throws Exception {
    ProductRegistry products = new ProductRegistry(ProductFiles.load(Path.of("config/products")).stream()
        .map(file -> new SqlPrimer(file.spec(), file.sql(), file.result(), Json.MAPPER)).toList());
    UpdaterRegistry updaters = new UpdaterRegistry(UpdaterFiles.load(Path.of("config/updaters")).stream()
        .map(SqlUpdater::new).toList());
    try (HikariDataSource demo = new HikariDataSource()) {
      demo.setJdbcUrl(DemoDatabase.newCopy());
      demo.setUsername("postgres");

      String written = new TypeScriptTypes(products, updaters, demo).write("anything");

      assertThat(afterFirstLine(written)).isEqualTo(afterFirstLine(Files.readString(EXAMPLE)));
    }
  }

  private static String afterFirstLine(String text) {
    return text.substring(text.indexOf('\n') + 1);
  }
}
