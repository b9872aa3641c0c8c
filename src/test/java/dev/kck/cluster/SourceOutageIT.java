package dev.kck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.kck.config.KckConfig;
import dev.kck.testing.FreePorts;
import dev.kck.testing.RunningApp;
import dev.kck.testing.Sql;
import dev.kck.testing.TestConfigs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The source PostgreSQL stopped under a running instance (its own server, stopped and started again
 * on the same port and data): cached keys keep being served, misses and updates get 503 with
 * Retry-After and write nothing, and everything recovers without a restart when it returns.
 */
class SourceOutageIT {
  private static final String RENAME = "{\"store_id\": 3, \"name\": \"Renamed during the outage\"}";
  private static Path dataDir;
  private static int port;
  private static EmbeddedPostgres source;
  private static RunningApp kck;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory(Path.of("target"), "source-outage-");
    port = FreePorts.onLoopback();
    source = startSource();
    Sql.run(jdbcUrl(), """
        create table stores (id int primary key, name text not null, city text not null, opened_on date not null);
        insert into stores values (1, 'One', 'Oslo', '2020-01-01'), (2, 'Two', 'Rome', '2020-01-02'),
          (3, 'Three', 'Lima', '2020-01-03');
        """);
    KckConfig demo = TestConfigs.withUpdaters(TestConfigs.demo(jdbcUrl(), "memory"),
        Path.of("src/test/resources/updaters-stores"));
    KckConfig.Source s = demo.source();
    kck = RunningApp.start(new KckConfig(demo.server(), demo.auth(), new KckConfig.Source(s.url(), s.user(),
        s.password(), s.poolSize(), s.statementTimeout(), s.initSql(), s.dataDir(), Duration.ofSeconds(1),
        s.socketTimeout()), demo.cache(), Path.of("src/test/resources/products-stores"), demo.updaters(),
        demo.plugins(), demo.refresh()));
  }

  @AfterAll
  static void stop() throws IOException {
    if (kck != null) {
      kck.close();
    }
    source.close();
  }

  @Test
  void serves_hits_refuses_misses_and_updates_writes_nothing_and_recovers_without_a_restart() throws Exception {
    kck.request().get("/fetch/store/1").then().statusCode(200);
    kck.request().get("/fetch/store/2").then().statusCode(200);

    source.close();

    for (int round = 0; round < 3; round++) {
      kck.request().get("/fetch/store/1").then().statusCode(200).header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
      kck.request().get("/fetch/store/2").then().statusCode(200).header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
    }
    kck.request().get("/fetch/store/3").then().statusCode(503).header("Retry-After", notNullValue())
        .contentType("application/problem+json");
    kck.as("ops", "").contentType("application/json").body(RENAME).post("/update/rename_store").then()
        .statusCode(503).header("Retry-After", notNullValue()).contentType("application/problem+json");
    kck.request().get("/health/ready").then().statusCode(503).body("checks.source", startsWith("down"));

    source = startSource();

    assertThat(Sql.count(jdbcUrl(), "select count(*) from stores where name = 'Renamed during the outage'"))
        .as("the refused update wrote nothing").isZero();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      kck.request().get("/health/ready").then().statusCode(200);
      kck.request().get("/fetch/store/3").then().statusCode(200).body("value.name", equalTo("Three"));
    });
    kck.as("ops", "").contentType("application/json").body(RENAME).post("/update/rename_store").then()
        .statusCode(200).body("refreshing", hasItem("store/3"));
  }

  private static EmbeddedPostgres startSource() throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
        .setPGStartupWait(Duration.ofSeconds(60)).start();
  }

  private static String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }
}
