package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Updates retried and conditional, over HTTP: an Idempotency-Key runs its update once and answers
 * its retries with the first response; of concurrent updates naming one version with If-Match,
 * exactly one commits.
 */
class UpdateGuaranteesIT {
  private static final String SALE = """
      {"store_id": 2, "product_id": 5, "customer": "carol", "quantity": 1, "amount": "%s"}""";
  private static String jdbcUrl;
  private static RunningApp app;

  @BeforeAll
  static void start() {
    jdbcUrl = DemoDatabase.newCopy();
    app = RunningApp.start(TestConfigs.demo(jdbcUrl, "postgres"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void the_same_idempotency_key_sent_twice_writes_one_row_and_replays_the_first_response() throws SQLException {
    long before = count("select count(*) from sales where amount = 7.77");

    Response first = recordSale("retry-1", "7.77");
    Response again = recordSale("retry-1", "7.77");

    first.then().statusCode(200);
    again.then().statusCode(200).header("Idempotent-Replayed", "true");
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(again.asByteArray()).isEqualTo(first.asByteArray());
    assertThat(count("select count(*) from sales where amount = 7.77")).isEqualTo(before + 1);
  }

  @Test
  void the_same_key_with_another_body_is_422_and_writes_nothing() throws SQLException {
    recordSale("retry-2", "8.88").then().statusCode(200);
    long after = count("select count(*) from sales");

    recordSale("retry-2", "9.99").then().statusCode(422).contentType("application/problem+json");

    assertThat(count("select count(*) from sales")).isEqualTo(after);
  }

  @Test
  void a_key_is_the_callers_own_another_caller_with_it_runs_its_own_update() throws SQLException {
    long before = count("select count(*) from sales where amount = 6.66");

    recordSale("shared-key", "6.66").then().statusCode(200);
    app.as("someone-else", "sales:write").header("Idempotency-Key", "shared-key").contentType("application/json")
        .body(SALE.formatted("6.66")).post("/update/record_sale").then().statusCode(200);

    assertThat(count("select count(*) from sales where amount = 6.66")).isEqualTo(before + 2);
  }

  @Test
  void a_retry_while_the_first_still_runs_is_409() throws SQLException {
    String body = "{\"product_id\": 11, \"price\": 3.25}";
    CompletableFuture<Response> first;
    try (RowLock lock = RowLock.on(jdbcUrl, 11)) {
      first = CompletableFuture.supplyAsync(() -> setPrice("held-1", body, null));
      lock.awaitWaiting(1);

      setPrice("held-1", body, null).then().statusCode(409).contentType("application/problem+json");
    }
    first.join().then().statusCode(200);
  }

  @Test
  void of_two_concurrent_updates_with_one_if_match_one_commits_with_the_new_etag_and_one_gets_409()
      throws SQLException {
    String etag = app.as("ops", "").get("/fetch/product_price/12").then().statusCode(200).extract().header("ETag");
    long changedBefore = count("select count(*) from products where id = 12 and price in (41.00, 42.00)");

    CompletableFuture<Response> a;
    CompletableFuture<Response> b;
    try (RowLock lock = RowLock.on(jdbcUrl, 12)) { // both pass the version check, then wait inside their transactions
      a = CompletableFuture.supplyAsync(() -> setPrice(null, "{\"product_id\": 12, \"price\": 41.00}", etag));
      b = CompletableFuture.supplyAsync(() -> setPrice(null, "{\"product_id\": 12, \"price\": 42.00}", etag));
      lock.awaitWaiting(2);
    }
    List<Response> answers = List.of(a.join(), b.join());

    assertThat(answers).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 409);
    Response winner = answers.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
    assertThat(winner.header("ETag")).isNotNull().isNotEqualTo(etag);
    assertThat(changedBefore).isZero();
    assertThat(count("select count(*) from products where id = 12 and price in (41.00, 42.00)")).isOne();
    app.as("ops", "").get("/fetch/product_price/12").then().header("ETag", winner.header("ETag"));
  }

  @Test
  void an_if_match_naming_an_old_version_is_409_and_writes_nothing() throws SQLException {
    app.as("ops", "").get("/fetch/product_price/13").then().statusCode(200);
    long before = count("select count(*) from products where id = 13 and price = 99.00");

    setPrice(null, "{\"product_id\": 13, \"price\": 99.00}", "\"1\"").then().statusCode(409)
        .body("status", equalTo(409));

    assertThat(count("select count(*) from products where id = 13 and price = 99.00")).isEqualTo(before);
  }

  @Test
  void the_response_names_only_keys_the_caller_may_read_and_counts_them_all() {
    app.as("alice", "").get("/fetch/my_purchases/alice").then().statusCode(200);
    app.as("bob", "").get("/fetch/my_purchases/bob").then().statusCode(200);

    Response response = app.as("carol", "").contentType("application/json")
        .body("{\"store_id\": 1, \"product_id\": 2}").post("/update/buy");

    response.then().statusCode(200);
    List<String> refreshing = response.jsonPath().getList("refreshing");
    assertThat(refreshing).contains("my_purchases/carol")
        .doesNotContain("my_purchases/alice", "my_purchases/bob");
    assertThat(response.jsonPath().getInt("refreshing_total")).isGreaterThanOrEqualTo(refreshing.size() + 2);
  }

  private static Response recordSale(String idempotencyKey, String amount) {
    return app.as("carol", "sales:write").header("Idempotency-Key", idempotencyKey).contentType("application/json")
        .body(SALE.formatted(amount)).post("/update/record_sale");
  }

  private static Response setPrice(String idempotencyKey, String body, String ifMatch) {
    var request = app.as("ops", "catalog:write").contentType("application/json").body(body);
    if (idempotencyKey != null) {
      request = request.header("Idempotency-Key", idempotencyKey);
    }
    if (ifMatch != null) {
      request = request.header("If-Match", ifMatch);
    }
    return request.post("/update/set_price");
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
