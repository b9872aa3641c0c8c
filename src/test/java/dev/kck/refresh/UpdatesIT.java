package dev.kck.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.kck.testing.Cluster;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.SseReader;
import dev.kck.testing.TestConfigs;
import dev.kck.testing.Tokens;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /update and what follows it, on two instances sharing one source and one cache store. */
class UpdatesIT {
  /** Numbers as BigDecimal: REST Assured's default float would round money. */
  private static final JsonPathConfig EXACT = new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL);
  private static Cluster cluster;
  private static String jdbcUrl;

  @BeforeAll
  static void start() throws Exception {
    jdbcUrl = DemoDatabase.newCopy();
    sql("create table ticker (id int primary key, value int); insert into ticker values (1, 100)");
    cluster = new Cluster(TestConfigs.withProducts(TestConfigs.demo(jdbcUrl, "postgres"),
        TestConfigs.demoPlusTestProducts()), 2);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static RunningApp a() {
    return cluster.get(0);
  }

  private static RunningApp b() {
    return cluster.get(1);
  }

  private static Response recordSale(String customer, int quantity, String amount) {
    return recordSaleOn(a(), customer, quantity, amount);
  }

  private static Response recordSaleOn(RunningApp instance, String customer, int quantity, String amount) {
    return instance.as("till-service", "sales:write sales:read").contentType("application/json")
        .body("{\"store_id\": 3, \"product_id\": 7, \"customer\": \"" + customer + "\", \"quantity\": " + quantity
            + ", \"amount\": " + amount + "}")
        .post("/update/record_sale");
  }

  @Test
  void after_an_update_both_instances_serve_the_new_data() {
    for (RunningApp instance : cluster.all()) {
      instance.as("bob", "").get("/fetch/my_purchases/bob").then().statusCode(200);
    }
    recordSale("bob", 2, "12.34").then()
        .statusCode(200)
        .body("updater", equalTo("record_sale"))
        .body("rows", equalTo(1))
        // The caller may read sales_totals but not bob's own purchases: those are refreshed, not named.
        .body("refreshing", hasItems("sales_totals")).body("refreshing", not(hasItems("my_purchases/bob")))
        .body("refreshing_total", greaterThanOrEqualTo(2));

    for (RunningApp instance : cluster.all()) {
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          instance.as("bob", "").get("/fetch/my_purchases/bob").then()
              .body("value[0].amount", equalTo(12.34f))
              .body("value[0].quantity", equalTo(2)));
    }
  }

  @Test
  void subscribers_on_another_instance_get_the_new_entry() {
    b().as("carol", "").get("/fetch/my_purchases/carol").then().statusCode(200);
    try (SseReader stream = new SseReader(b().baseUrl() + "/subscribe/my_purchases/carol", Tokens.of("carol", ""))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> stream.entries().size() == 1);
      recordSale("carol", 1, "77.70").then().statusCode(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> stream.entries().size() >= 2);
      assertThat(stream.entries().get(stream.entries().size() - 1)).contains("\"amount\":77.70");
    }
  }

  @Test
  void subscribe_refuses_like_fetch_before_the_stream_opens() {
    b().as("dave", "").get("/subscribe/my_purchases/erin").then().statusCode(403)
        .contentType("application/problem+json");
    b().request().get("/subscribe/no_such/1").then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void an_augmented_value_equals_a_full_recompute_after_a_series_of_updates() throws Exception {
    a().as("x", "sales:read").get("/fetch/sales_totals").then().statusCode(200);
    long runsBefore = primerRuns("sales_totals");
    String[] amounts = {"10.00", "0.01", "99.99", "5.50", "1234.56"};
    for (String amount : amounts) {
      recordSale("dave", 1, amount).then().statusCode(200);
    }
    assertEveryInstanceServesTheTotalsFromSql();
    assertThat(primerRuns("sales_totals")).as("augmented, not recomputed").isEqualTo(runsBefore);
  }

  @Test
  void updates_alternating_between_instances_augment_each_from_the_latest_value() throws Exception {
    // Both instances hold an L1 copy; each update starts from its own instance's copy, which the
    // other instance's last update may have left behind: the compare-and-set must catch that.
    for (RunningApp instance : cluster.all()) {
      instance.as("x", "sales:read").get("/fetch/sales_totals").then().statusCode(200);
    }
    long runsBefore = primerRuns("sales_totals");
    String[] amounts = {"1.10", "2.20", "3.30", "4.40", "5.50", "6.60"};
    for (int i = 0; i < amounts.length; i++) {
      recordSaleOn(i % 2 == 0 ? a() : b(), "dave", 1, amounts[i]).then().statusCode(200);
    }
    assertEveryInstanceServesTheTotalsFromSql();
    assertThat(primerRuns("sales_totals")).as("augmented, not recomputed").isEqualTo(runsBefore);
  }

  private static void assertEveryInstanceServesTheTotalsFromSql() throws Exception {
    BigDecimal[] expected = totalsFromSql();
    for (RunningApp instance : cluster.all()) {
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        JsonPath totals = instance.as("x", "sales:read").get("/fetch/sales_totals").jsonPath(EXACT);
        assertThat(new BigDecimal(totals.getString("value.sales"))).isEqualByComparingTo(expected[0]);
        assertThat((BigDecimal) totals.get("value.total_amount")).isEqualByComparingTo(expected[1]);
      });
    }
  }

  @Test
  void bad_updates_get_their_status_and_change_nothing() throws Exception {
    a().as("x", "sales:read").get("/fetch/sales_totals").then().statusCode(200);
    String versionBefore = a().as("x", "sales:read").get("/fetch/sales_totals").header("ETag");
    long salesBefore = totalsFromSql()[0].longValueExact();

    a().as("s", "sales:write").contentType("application/json").body("{}").post("/update/no_such").then()
        .statusCode(404).contentType("application/problem+json");
    a().as("s", "sales:write").contentType("application/json")
        .body("{\"store_id\": \"three\", \"product_id\": 7, \"customer\": \"bob\", \"quantity\": 1, \"amount\": 1}")
        .post("/update/record_sale").then().statusCode(400).body("parameter", equalTo("store_id"));
    a().as("s", "sales:write").contentType("application/json")
        .body("{\"store_id\": 3, \"customer\": \"bob\", \"quantity\": 1, \"amount\": 1}")
        .post("/update/record_sale").then().statusCode(400).body("parameter", equalTo("product_id"));
    a().as("bob", "").contentType("application/json")
        .body("{\"customer\": \"alice\", \"store_id\": 3, \"product_id\": 7}")
        .post("/update/buy").then().statusCode(403).contentType("application/problem+json");
    recordSale("bob", 0, "5").then().statusCode(422).contentType("application/problem+json")
        .body("detail", containsString("check constraint")).body("detail", org.hamcrest.Matchers.not(containsString("insert")));
    a().as("s", "sales:write").contentType("application/json").body("{\"store_id\": 3,")
        .post("/update/record_sale").then().statusCode(400).contentType("application/problem+json");
    a().as("s", "other").contentType("application/json").body("{}").post("/update/record_sale").then().statusCode(403);

    assertThat(totalsFromSql()[0].longValueExact()).isEqualTo(salesBefore);
    assertThat(a().as("x", "sales:read").get("/fetch/sales_totals").header("ETag")).isEqualTo(versionBefore);
  }

  @Test
  void a_claim_bound_updater_takes_the_customer_from_the_token() {
    a().as("frank", "").get("/fetch/my_purchases/frank").then().statusCode(200);
    a().as("frank", "").contentType("application/json").body("{\"store_id\": 2, \"product_id\": 9, \"quantity\": 3}")
        .post("/update/buy").then().statusCode(200).body("refreshing", hasItems("my_purchases/frank"));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        b().as("frank", "").get("/fetch/my_purchases/frank").then().body("value[0].quantity", equalTo(3)));
  }

  @Test
  void a_new_version_refreshes_the_products_that_depend_on_it() throws Exception {
    a().request().get("/fetch/store_label/5").then().body("value", equalTo("LISBON CENTRAL"));
    a().request().get("/fetch/store/5").then().statusCode(200);
    sql("update stores set name = 'Lisbon Riverside' where id = 5");
    a().as("ops", "kck:admin").post("/refresh/store/5").then().statusCode(202);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        b().request().get("/fetch/store_label/5").then().body("value", equalTo("LISBON RIVERSIDE")));
  }

  @Test
  void refresh_every_shows_new_source_data_without_a_fetch_and_on_boot_keys_are_primed() throws Exception {
    a().request().get("/fetch/ticker").then().statusCode(200).header("Cache-Status", "kck; hit").body("value", equalTo(100));
    sql("update ticker set value = 101 where id = 1");
    Thread.sleep(2500); // two refresh_every rounds pass with no fetch at all
    a().request().get("/fetch/ticker").then().header("Cache-Status", "kck; hit").body("value", equalTo(101));
  }

  @Test
  void delete_cache_needs_admin_and_honours_if_match() {
    String etag = a().request().get("/fetch/store/6").header("ETag");
    b().request().get("/fetch/store/6").then().statusCode(200);
    a().as("u", "").delete("/cache/store/6").then().statusCode(403);
    a().as("ops", "kck:admin").header("If-Match", "\"999999999\"").delete("/cache/store/6").then().statusCode(409)
        .contentType("application/problem+json");
    a().as("ops", "kck:admin").header("If-Match", etag).delete("/cache/store/6").then().statusCode(204);
    for (RunningApp instance : cluster.all()) {
      await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(instance.request().get("/fetch/store/6").header("ETag")).as("recomputed").isNotEqualTo(etag));
    }
  }

  @Test
  void update_with_a_stale_if_match_is_409_and_writes_nothing() throws Exception {
    a().as("x", "sales:read").get("/fetch/sales_totals").then().statusCode(200);
    long salesBefore = totalsFromSql()[0].longValueExact();
    a().as("s", "sales:write").contentType("application/json").header("If-Match", "\"999999999\"")
        .body("{\"store_id\": 3, \"product_id\": 7, \"customer\": \"bob\", \"quantity\": 1, \"amount\": 1}")
        .post("/update/record_sale").then().statusCode(409).contentType("application/problem+json");
    assertThat(totalsFromSql()[0].longValueExact()).isEqualTo(salesBefore);
  }

  private static long primerRuns(String product) {
    long runs = 0;
    for (RunningApp instance : cluster.all()) {
      String metrics = instance.request().get("/metrics").asString();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("kck_primer_runs_seconds_count") && line.contains("product=\"" + product + "\"")) {
          runs += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    return runs;
  }

  private static BigDecimal[] totalsFromSql() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*), sum(amount) from sales")) {
      rows.next();
      return new BigDecimal[] {rows.getBigDecimal(1), rows.getBigDecimal(2)};
    }
  }

  private static void sql(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
