package dev.kck.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Domains over HTTP, on two instances sharing a real PostgreSQL source and the postgres cache
 * store, whose clock the test moves: a round comes when the test moves the clock one
 * {@code domain_every} on, never by waiting. What is cached is read from the store's table, so
 * looking never primes a key. {@code shops} is the domain's table (src/test/resources/products-domains).
 */
class DomainsIT {
  private static final Duration ROUND = Duration.ofMinutes(1);
  private static final Duration BOUND = Duration.ofSeconds(15);

  private static String jdbcUrl;
  private static MutableClock clock;
  private static Cluster cluster;

  @BeforeAll
  static void start() throws SQLException {
    jdbcUrl = DemoDatabase.newCopy();
    Sql.run(jdbcUrl, """
        create table shops (id int primary key, name text not null, open boolean not null default true);
        insert into shops (id, name) values (1, 'North'), (2, 'South'), (3, 'East')""");
    // Entries are written with the app's clock and expire by the database's: start at the real time.
    clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    cluster = new Cluster(TestConfigs.withProducts(TestConfigs.demo(jdbcUrl, "postgres"),
        TestConfigs.demoPlus("products-domains")), 2, clock);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void every_key_of_a_domain_is_cached_before_the_first_fetch() throws SQLException {
    for (String key : new String[] {"shop_sales/1", "shop_sales/2", "shop_names/3", "shop_cards/1", "shop_cards/3"}) {
      assertThat(cached(key)).as(key).isTrue();
      cluster.get(1).request().get("/fetch/" + key).then().statusCode(200).header("Cache-Status", "kck; hit");
    }
  }

  @Test
  void a_row_added_to_the_domain_table_is_cached_within_one_round_in_both_forms() throws SQLException {
    Sql.run(jdbcUrl, "insert into shops (id, name) values (10, 'West')");
    assertThat(cached("shop_sales/10")).isFalse();

    clock.advance(ROUND);

    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(cached("shop_sales/10")).as("domain_sql").isTrue();
      assertThat(cached("shop_cards/10")).as("domain: open_shop_ids").isTrue();
    });
    cluster.get(0).request().get("/fetch/shop_sales/10").then().statusCode(200).header("Cache-Status", "kck; hit");
  }

  @Test
  void a_row_that_leaves_the_domain_is_evicted_with_domain_evict_and_otherwise_no_longer_refreshed() throws Exception {
    Sql.run(jdbcUrl, "insert into shops (id, name) values (20, 'Harbour'), (21, 'Airport')");
    clock.advance(ROUND);
    await().atMost(BOUND).until(() -> cached("shop_sales/21") && cached("shop_names/21") && cached("shop_names/20"));
    Sql.run(jdbcUrl, "update shops set open = false where id = 21");
    long stayed = version("shop_names/20");
    long left = version("shop_names/21");

    clock.advance(ROUND);

    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(cached("shop_sales/21")).as("evicted").isFalse();
      assertThat(version("shop_names/20")).as("still in the domain: refreshed every round").isGreaterThan(stayed);
      assertThat(Sql.count(jdbcUrl, "select count(*) from kck.refresh_queue")).as("the round's refreshes done").isZero();
    });
    assertThat(version("shop_names/21")).as("left the domain: not refreshed").isEqualTo(left);
    assertThat(cached("shop_sales/20")).isTrue();
  }

  @Test
  void two_instances_run_each_round_once() throws SQLException {
    long ranBefore = rounds("ran");
    long lookedBefore = ranBefore + rounds("taken") + rounds("failed");

    clock.advance(ROUND);

    await().atMost(BOUND).until(() -> rounds("ran") + rounds("taken") + rounds("failed") - lookedBefore == 2);
    assertThat(rounds("ran") - ranBefore).as("rounds of shop_sales run, over both instances").isEqualTo(1);
    assertThat(rounds("failed")).isZero();
  }

  // --- helpers ---

  private static boolean cached(String key) throws SQLException {
    return Sql.count(jdbcUrl, "select count(*) from kck.entries where key = '" + key + "'") == 1;
  }

  private static long version(String key) throws SQLException {
    return Sql.count(jdbcUrl, "select version from kck.entries where key = '" + key + "'");
  }

  /** Domain rounds of shop_sales with this outcome, summed over the instances' /metrics. */
  private static long rounds(String outcome) {
    Pattern line = Pattern.compile("kck_schedule_rounds_total\\{job=\"domain\",outcome=\"" + outcome
        + "\",product=\"shop_sales\",?\\} ([0-9.]+)");
    long sum = 0;
    for (RunningApp instance : cluster.all()) {
      Matcher found = line.matcher(instance.request().get("/metrics").then().statusCode(200).extract().asString());
      sum += found.find() ? (long) Double.parseDouble(found.group(1)) : 0;
    }
    return sum;
  }
}
