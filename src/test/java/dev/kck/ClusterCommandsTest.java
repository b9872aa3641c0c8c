package dev.kck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code kck warm} and {@code kck inspect} refuse bad input: before the store is opened (the
 * configured one does not even answer), with every bad row named, exit code 1.
 */
class ClusterCommandsTest {
  @TempDir
  Path dir;

  @Test
  void warm_lists_every_bad_row_and_queues_nothing() throws Exception {
    Path rows = Files.writeString(dir.resolve("rows.json"), """
        [{"store_id": 1}, {"store_id": "seven"}, {"store": 3}, {}, {"store_id": [4]}, 5]
        """);

    CommandRun run = CommandRun.of("warm", "store", "--rows", rows.toString(), "--config", storeDown().toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("5 bad row(s); nothing was queued", rows + ": row 2: ", "store_id",
        rows + ": row 3: 'store' is not a parameter of store", rows + ": row 4: parameter 'store_id' needs a value",
        rows + ": row 5: ", rows + ": row 6: a row must be a JSON object");
    assertThat(run.err()).doesNotContain("row 1:", "cache store");
  }

  @Test
  void warm_names_the_line_of_bad_json_lines() throws Exception {
    Path rows = Files.writeString(dir.resolve("rows.jsonl"), "{\"store_id\": 1}\n\n{\"store_id\": \n");

    CommandRun run = CommandRun.of("warm", "store", "--rows", rows.toString(), "--config", storeDown().toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(rows + ":3: not valid JSON");
  }

  @Test
  void warm_of_an_unknown_product_or_without_on_boot_sql_is_refused() throws Exception {
    CommandRun unknown = CommandRun.of("warm", "no_such", "--config", storeDown().toString());
    CommandRun noSql = CommandRun.of("warm", "store", "--from-sql", "--config", storeDown().toString());

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown product 'no_such'");
    assertThat(noSql.exitCode()).isEqualTo(1);
    assertThat(noSql.err()).contains("product 'store' has no on_boot_sql; use --rows FILE").doesNotContain("cache store");
  }

  @Test
  void warm_takes_one_source_of_keys() throws Exception {
    CommandRun run = CommandRun.of("warm", "store", "--from-sql", "--rows", "x.json", "--config",
        storeDown().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mutually exclusive");
  }

  @Test
  void inspect_of_a_bad_key_names_the_parameter() throws Exception {
    CommandRun run = CommandRun.of("inspect", "store/seven", "--config", storeDown().toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("store_id").doesNotContain("cache store");
  }

  private Path storeDown() throws Exception {
    return Files.writeString(dir.resolve("down.yaml"), """
        auth:
          keys:
            - { kid: test, alg: HS256, secret: "a-test-secret-of-at-least-32-bytes-long" }
        source: { url: "jdbc:postgresql://127.0.0.1:1/kck", user: kck, connect_timeout: 1s }
        products: config/products
        updaters: config/updaters
        plugins: target/no-plugins
        """);
  }
}
