package dev.kck.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kck.config.KckConfig;
import dev.kck.testing.Cluster;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.MutableClock;
import dev.kck.testing.RunningApp;
import dev.kck.testing.Sql;
import dev.kck.testing.TestConfigs;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A product's bound of cached keys over HTTP, on two instances sharing a real PostgreSQL source and
 * the postgres cache store, whose clock the test moves: a bound round comes when the test moves the
 * clock one {@code key_bounds_every} on. Uses are flushed to the store every 100 ms of real time,
 * stamped with the moved clock; the test waits for each flush to show in the store before going on.
 * {@code bounded_shop} (src/test/resources/products-bounds) keeps at most 3 keys.
 */
class KeyBoundsIT {
  private static final Duration ROUND = Duration.ofMinutes(1);
  private static final Duration BOUND = Duration.ofSeconds(15);

  private static String jdbcUrl;
  private static MutableClock clock;
  private static Cluster cluster;

  @BeforeAll
  static void start() throws SQLException {
    jdbcUrl = DemoDatabase.newCopy();
    Sql.run(jdbcUrl, """
        create table shops (id int primary key, name text not null);
        insert into shops (id, name) select i, 'Shop ' || i from generate_series(1, 9) i""");
    // Entries are written with the app's clock and expire by the database's: start at the real time.
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    KckConfig demo = TestConfigs.withProducts(TestConfigs.demo(jdbcUrl, "postgres"),
        TestConfigs.demoPlus("products-bounds"));
    cluster = new Cluster(withKeyBounds(demo, new KckConfig.KeyBounds(100_000, ROUND, Duration.ofMillis(100))), 2,
        clock);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void a_product_over_its_bound_loses_its_least_recently_used_keys_everywhere_and_a_key_in_use_stays() throws Exception {
    RunningApp first = cluster.get(0);
    RunningApp second = cluster.get(1);
    for (int shop = 1; shop <= 3; shop++) {
      first.request().get("/fetch/bounded_shop/" + shop).then().statusCode(200).header("Cache-Status", "kck; fwd=miss");
    }
    clock.advance(Duration.ofSeconds(1));
    Instant readOnSecond = clock.instant();
    for (int shop = 1; shop <= 3; shop++) { // into the second instance's L1: read from the store, then a hit
      second.request().get("/fetch/bounded_shop/" + shop).then().statusCode(200);
      second.request().get("/fetch/bounded_shop/" + shop).then().statusCode(200).header("Cache-Status", "kck; hit");
    }
    awaitLastUse(readOnSecond, "bounded_shop/1", "bounded_shop/2", "bounded_shop/3");
    clock.advance(Duration.ofSeconds(1));
    Instant hotOnFirst = clock.instant();
    first.request().get("/fetch/bounded_shop/1").then().statusCode(200).header("Cache-Status", "kck; hit");
    awaitLastUse(hotOnFirst, "bounded_shop/1");
    clock.advance(Duration.ofSeconds(1));
    first.request().get("/fetch/bounded_shop/4").then().statusCode(200).header("Cache-Status", "kck; fwd=miss");
    first.request().get("/fetch/bounded_shop/5").then().statusCode(200).header("Cache-Status", "kck; fwd=miss");
    assertThat(cachedKeys()).isEqualTo(5);

    clock.advance(ROUND);

    await().atMost(BOUND).until(() -> !cached("bounded_shop/2") && !cached("bounded_shop/3"));
    assertThat(cachedKeys()).isEqualTo(3);
    assertThat(cached("bounded_shop/1")).as("written first, but used since").isTrue();
    first.request().get("/fetch/bounded_shop/1").then().statusCode(200).header("Cache-Status", "kck; hit");
    second.request().get("/fetch/bounded_shop/2").then().statusCode(200).header("Cache-Status", "kck; fwd=miss");
    first.request().get("/fetch/bounded_shop/3").then().statusCode(200).header("Cache-Status", "kck; fwd=miss");
  }

  // --- helpers ---

  private static void awaitLastUse(Instant usedAt, String... keys) {
    await().atMost(BOUND).untilAsserted(() -> {
      for (String key : keys) {
        assertThat(Sql.count(jdbcUrl, "select (extract(epoch from last_used) * 1000)::bigint from kck.entries "
            + "where key = '" + key + "'")).as(key).isEqualTo(usedAt.toEpochMilli());
      }
    });
  }

  private static boolean cached(String key) throws SQLException {
    return Sql.count(jdbcUrl, "select count(*) from kck.entries where key = '" + key + "'") == 1;
  }

  private static long cachedKeys() throws SQLException {
    return Sql.count(jdbcUrl, "select count(*) from kck.entries where product = 'bounded_shop'");
  }

  private static KckConfig withKeyBounds(KckConfig config, KckConfig.KeyBounds bounds) {
    KckConfig.Cache cache = config.cache();
    return new KckConfig(config.server(), config.auth(), config.source(),
        new KckConfig.Cache(cache.backend(), cache.l1MaxBytes(), cache.cassandra(), cache.statementTimeout(),
            cache.maxPrimerRuns(), cache.maxValueBytes(), bounds),
        config.products(), config.updaters(), config.plugins(), config.refresh());
  }
}
