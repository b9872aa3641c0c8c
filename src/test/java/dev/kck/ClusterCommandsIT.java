package dev.kck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kck.config.KckConfig;
import dev.kck.kernel.Json;
import dev.kck.store.CacheStore;
import dev.kck.store.postgres.PostgresStore;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kck warm} and {@code kck inspect} against a running instance's configuration: warm queues
 * every key and the instance fills them all; inspect shows what the store holds of one key.
 */
class ClusterCommandsIT {
  private static final String ADMIN = "kck:admin";
  private static RunningApp app;
  private static HikariDataSource pool;
  private static CacheStore store;
  private static Path yaml;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    String jdbcUrl = DemoDatabase.newCopy();
    KckConfig config = TestConfigs.withProducts(TestConfigs.demo(jdbcUrl, "postgres"),
        TestConfigs.demoPlus("products-freshness", "products-operator"));
    app = RunningApp.start(config);
    yaml = ConfigYaml.write(config, dir);
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setUsername("postgres");
    hikari.setMaximumPoolSize(2);
    pool = new HikariDataSource(hikari);
    store = PostgresStore.open(pool);
  }

  @AfterAll
  static void stop() {
    app.close();
    pool.close();
  }

  @Test
  void warm_from_rows_queues_and_fills_every_key() throws Exception {
    List<String> keys = List.of("store/21", "store/22", "store/23", "store/24");
    keys.forEach(key -> assertThat(store.entries().get(key)).as(key).isEmpty());
    Path rows = Files.writeString(dir.resolve("rows.jsonl"), """
        {"store_id": 21}
        {"store_id": "22"}

        {"store_id": 23}
        {"store_id": 24}
        {"store_id": 21}
        """);

    CommandRun warm = CommandRun.of("warm", "store", "--rows", rows.toString(), "--config", yaml.toString());

    assertThat(warm.exitCode()).as(warm.err()).isZero();
    assertThat(warm.out()).contains("queued 4 keys of store");
    awaitCached(keys);
  }

  @Test
  void warm_from_sql_queues_every_key_its_on_boot_sql_names() {
    List<String> berlin = List.of("store_name/2", "store_name/12", "store_name/22", "store_name/32", "store_name/42");
    awaitCached(berlin); // primed at boot from the same query
    berlin.forEach(key -> app.as("ops", ADMIN).delete("/cache/" + key).then().statusCode(204));
    berlin.forEach(key -> assertThat(store.entries().get(key)).as(key).isEmpty());

    CommandRun warm = CommandRun.of("warm", "store_name", "--from-sql", "--config", yaml.toString());

    assertThat(warm.exitCode()).as(warm.err()).isZero();
    assertThat(warm.out()).contains("queued 5 keys of store_name");
    awaitCached(berlin);
  }

  @Test
  void inspect_shows_version_freshness_depends_on_and_dependents() throws Exception {
    String storeVersion = app.request().get("/fetch/store/7").then().statusCode(200).extract().header("ETag");
    String labelVersion = app.request().get("/fetch/store_label/7").then().statusCode(200).extract().header("ETag");

    JsonNode store7 = inspect("store/7");
    JsonNode label7 = inspect("store_label/7");

    assertThat(store7.get("version").asText()).isEqualTo(storeVersion.replace("\"", ""));
    assertThat(store7.get("freshness").asText()).isEqualTo("fresh");
    assertThat(store7.get("modified").asText()).isNotBlank();
    assertThat(store7.get("fresh_until").asText()).isNotBlank();
    assertThat(store7.get("depends_on")).isEmpty();
    assertThat(store7.get("dependents").toString()).isEqualTo("[\"store_label/7\"]");
    assertThat(label7.get("version").asText()).isEqualTo(labelVersion.replace("\"", ""));
    assertThat(label7.get("depends_on").toString()).isEqualTo("[\"store/7\"]");
    assertThat(label7.get("dependents")).isEmpty();
  }

  @Test
  void inspect_of_a_key_not_cached_exits_1() {
    CommandRun run = CommandRun.of("inspect", "store/49", "--config", yaml.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("kck: store/49 is not cached");
  }

  private static JsonNode inspect(String key) throws Exception {
    CommandRun run = CommandRun.of("inspect", key, "--config", yaml.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Json.MAPPER.readTree(run.out());
  }

  private static void awaitCached(List<String> keys) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(
        () -> keys.forEach(key -> assertThat(store.entries().get(key)).as(key).isPresent()));
  }
}
