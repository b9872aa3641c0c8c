package dev.kck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kck.config.KckConfig;
import dev.kck.store.CacheStore;
import dev.kck.store.cassandra.CassandraStore;
import dev.kck.store.postgres.PostgresStore;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.SharedCassandra;
import dev.kck.testing.TestConfigs;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kck dump} and {@code kck load} move a cache between stores of different kinds: what an
 * instance over the new store serves (bodies, versions, hits) is what the old one served, and the
 * next refresh of a moved key wins its compare-and-set in the new store.
 */
class DumpLoadIT {
  private static final List<String> KEYS = List.of("store/1", "store/2", "store/3", "product_price/1",
      "product_price/9", "city_store_ids/Berlin", "category_products/Books");
  private static final String SCOPES = "sales:read kck:admin";

  @TempDir
  Path dir;

  @Test
  void a_postgres_cache_dumped_and_loaded_into_cassandra_serves_the_same_entries_and_versions() throws Exception {
    String jdbcUrl = DemoDatabase.newCopy();
    KckConfig postgres = TestConfigs.demo(jdbcUrl, "postgres");
    KckConfig cassandra = TestConfigs.withCassandra(TestConfigs.demo(jdbcUrl, "cassandra"),
        SharedCassandra.node().contactPoint(), SharedCassandra.newKeyspace("dump_load"));
    Map<String, Response> before = new LinkedHashMap<>();
    try (RunningApp app = RunningApp.start(postgres)) {
      KEYS.forEach(key -> before.put(key, fetch(app, key)));
      try (HikariDataSource pool = pool(jdbcUrl)) {
        // What a Java primer records when it fetches another key while computing.
        PostgresStore.open(pool).index().addDependency("store/1", "city_store_ids/Berlin");
      }
      Path dump = dir.resolve("cache.jsonl");
      assertThat(Main.run("dump", "--config", yaml(postgres).toString(), "--out", dump.toString())).isZero();
      assertThat(Files.readAllLines(dump)).hasSizeGreaterThanOrEqualTo(KEYS.size());

      assertThat(Main.run("load", dump.toString(), "--config", yaml(cassandra).toString())).isZero();
    }

    try (RunningApp app = RunningApp.start(cassandra)) {
      for (String key : KEYS) {
        Response after = fetch(app, key);
        assertThat(after.header("ETag")).as(key).isEqualTo(before.get(key).header("ETag"));
        assertThat(after.header("Last-Modified")).as(key).isEqualTo(before.get(key).header("Last-Modified"));
        assertThat(after.header("Cache-Status")).as(key).startsWith("kck; hit");
        assertThat(after.asByteArray()).as(key).isEqualTo(before.get(key).asByteArray());
      }
      try (CacheStore store = CassandraStore.open(cassandra.cache().cassandra(), Clock.systemUTC())) {
        assertThat(store.index().dependentsOf("store/1")).containsExactly("city_store_ids/Berlin");
      }
      refreshes_past_the_loaded_version(app, "store/2", before.get("store/2"));
    }
  }

  @Test
  void a_cassandra_cache_loaded_into_postgres_takes_versions_above_the_loaded_ones() throws Exception {
    String jdbcUrl = DemoDatabase.newCopy();
    KckConfig cassandra = TestConfigs.withCassandra(TestConfigs.demo(jdbcUrl, "cassandra"),
        SharedCassandra.node().contactPoint(), SharedCassandra.newKeyspace("load_postgres"));
    KckConfig postgres = TestConfigs.demo(DemoDatabase.newCopy(), "postgres");
    Map<String, Response> before = new LinkedHashMap<>();
    Path dump = dir.resolve("cache.jsonl");
    try (RunningApp app = RunningApp.start(cassandra)) {
      KEYS.forEach(key -> before.put(key, fetch(app, key)));
      assertThat(Main.run("dump", "--config", yaml(cassandra).toString(), "--out", dump.toString())).isZero();
    }
    assertThat(Main.run("load", dump.toString(), "--config", yaml(postgres).toString())).isZero();

    try (RunningApp app = RunningApp.start(postgres)) {
      for (String key : KEYS) {
        Response after = fetch(app, key);
        assertThat(after.header("ETag")).as(key).isEqualTo(before.get(key).header("ETag"));
        assertThat(after.asByteArray()).as(key).isEqualTo(before.get(key).asByteArray());
      }
      // PostgreSQL's sequence would hand out 1, 2, ...: far below Cassandra's microsecond versions.
      refreshes_past_the_loaded_version(app, "store/3", before.get("store/3"));
    }
  }

  /** A refresh of a loaded key gets a newer version, which the instance then serves. */
  private static void refreshes_past_the_loaded_version(RunningApp app, String key, Response loaded) {
    long version = version(loaded);
    app.as("ops", SCOPES).post("/refresh/" + key).then().statusCode(202);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(
        () -> assertThat(version(fetch(app, key))).isGreaterThan(version));
  }

  private static Response fetch(RunningApp app, String key) {
    Response response = app.as("ops", SCOPES).get("/fetch/" + key);
    response.then().statusCode(200);
    return response;
  }

  private static long version(Response response) {
    return Long.parseLong(response.header("ETag").replace("\"", ""));
  }

  private Path yaml(KckConfig config) throws Exception {
    return ConfigYaml.write(config, dir);
  }

  private static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("postgres");
    config.setMaximumPoolSize(1);
    return new HikariDataSource(config);
  }
}
