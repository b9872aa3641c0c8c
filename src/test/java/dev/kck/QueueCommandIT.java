package dev.kck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kck.config.KckConfig;
import dev.kck.kernel.Json;
import dev.kck.store.CacheStore;
import dev.kck.store.cassandra.CassandraStore;
import dev.kck.store.postgres.PostgresStore;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.SharedCassandra;
import dev.kck.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kck queue} on each store: depth, live claims, the oldest request and its age. No instance
 * runs on these stores, so nothing drains the queue while the command looks at it.
 */
class QueueCommandIT {
  @TempDir
  Path dir;

  @Test
  void reports_the_postgres_queue() throws Exception {
    String jdbcUrl = DemoDatabase.newCopy();
    KckConfig config = TestConfigs.demo(jdbcUrl, "postgres");
    try (HikariDataSource pool = pool(jdbcUrl)) {
      reports_depth_claims_and_the_oldest(PostgresStore.open(pool), config);
    }
  }

  @Test
  void reports_the_cassandra_queue() throws Exception {
    KckConfig config = TestConfigs.withCassandra(TestConfigs.demo(DemoDatabase.newCopy(), "cassandra"),
        SharedCassandra.node().contactPoint(), SharedCassandra.newKeyspace("queue_command"));
    try (CacheStore store = CassandraStore.open(config.cache().cassandra(), Clock.systemUTC())) {
      reports_depth_claims_and_the_oldest(store, config);
    }
  }

  @Test
  void reports_an_empty_queue() throws Exception {
    JsonNode queue = queue(TestConfigs.demo(DemoDatabase.newCopy(), "postgres"));

    assertThat(queue.get("depth").asLong()).isZero();
    assertThat(queue.get("claimed").asLong()).isZero();
    assertThat(queue.get("oldest").isNull()).isTrue();
    assertThat(queue.get("oldest_age_ms").isNull()).isTrue();
  }

  private void reports_depth_claims_and_the_oldest(CacheStore store, KckConfig config) throws Exception {
    store.queue().request("store/1", 1);
    store.queue().request("store/2", 5);
    store.queue().request("store/3", 1);
    store.queue().request("store/1", 2);
    // The most demanded request is claimed first: store/2.
    assertThat(store.queue().claim("someone", Duration.ofMinutes(5), 1)).hasSize(1);

    JsonNode queue = queue(config);

    assertThat(queue.get("depth").asLong()).isEqualTo(3);
    assertThat(queue.get("claimed").asLong()).isEqualTo(1);
    assertThat(queue.get("oldest").get("key").asText()).isEqualTo("store/1");
    assertThat(queue.get("oldest").get("demand").asLong()).isEqualTo(3);
    assertThat(queue.get("oldest_age_ms").asLong()).isGreaterThanOrEqualTo(0);
  }

  private JsonNode queue(KckConfig config) throws Exception {
    CommandRun run = CommandRun.of("queue", "--config", ConfigYaml.write(config, dir).toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Json.MAPPER.readTree(run.out());
  }

  private static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("postgres");
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }
}
