package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.kck.testing.RunningApp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear 4xx problem+json and changes nothing. */
class BadInputIT {
  private static RunningApp kck;
  private static String jdbcUrl;

  @BeforeAll
  static void start() {
    jdbcUrl = dev.kck.testing.DemoDatabase.newCopy();
    kck = RunningApp.start(dev.kck.testing.TestConfigs.demo(jdbcUrl, "postgres"));
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void unknown_product_is_404() {
    kck.request().get("/fetch/no_such_product/1").then().statusCode(404)
        .contentType("application/problem+json").body("title", equalTo("Not found"))
        .body("detail", containsString("no_such_product"));
  }

  @Test
  void wrong_parameter_count_is_400_naming_the_parameter() {
    kck.as("a", "sales:read").get("/fetch/store_daily_sales/1").then().statusCode(400)
        .contentType("application/problem+json").body("parameter", equalTo("day"));
    kck.request().get("/fetch/store/1/2").then().statusCode(400).contentType("application/problem+json");
  }

  @Test
  void wrong_parameter_type_is_400_naming_the_parameter() {
    kck.request().get("/fetch/store/abc").then().statusCode(400)
        .body("parameter", equalTo("store_id")).body("detail", containsString("store_id"));
    kck.as("a", "sales:read").get("/fetch/store_daily_sales/1/2025-13-45").then().statusCode(400)
        .body("parameter", equalTo("day"));
  }

  @Test
  void sql_injection_text_is_refused_or_bound_as_data() throws Exception {
    long before = salesCount();
    kck.request().get("/fetch/store/1'%20or%20'1'='1").then().statusCode(400);
    kck.request().get("/fetch/store/1;%20drop%20table%20sales").then().statusCode(400);
    kck.request().get("/fetch/category_products/1'%20or%20'1'='1").then().statusCode(200).body("value", hasSize(0));
    kck.request().get("/fetch/category_products/1;%20drop%20table%20sales").then().statusCode(200).body("value", hasSize(0));
    kck.request().get("/fetch/category_products/x');%20delete%20from%20sales;--").then().statusCode(200).body("value", hasSize(0));
    assertThat(salesCount()).isEqualTo(before).isEqualTo(1_000_000);
  }

  @Test
  void percent_encoding_that_is_not_utf8_is_400() {
    kck.request().get("/fetch/category_products/%C3%28").then().statusCode(400).contentType("application/problem+json");
  }

  @Test
  void batch_body_over_max_body_is_413() {
    String big = "{\"keys\": [\"" + "x".repeat(70 * 1024) + "\"]}";
    kck.request().contentType("application/json").body(big).post("/fetch").then().statusCode(413)
        .contentType("application/problem+json");
  }

  @Test
  void non_json_bodies_are_415_and_malformed_json_is_400() {
    kck.request().contentType("text/plain").body("keys").post("/fetch").then().statusCode(415)
        .contentType("application/problem+json");
    kck.request().contentType("application/json").body("{\"keys\": [").post("/fetch").then().statusCode(400)
        .contentType("application/problem+json");
    kck.request().contentType("application/json").body("{\"keyz\": []}").post("/fetch").then().statusCode(400)
        .body("parameter", equalTo("keys"));
  }

  @Test
  void batch_of_more_than_1000_keys_is_400() {
    StringBuilder body = new StringBuilder("{\"keys\": [");
    for (int i = 0; i < 1001; i++) {
      body.append(i == 0 ? "" : ",").append("\"store/1\"");
    }
    kck.request().contentType("application/json").body(body.append("]}").toString()).post("/fetch").then()
        .statusCode(400).body("parameter", equalTo("keys"));
  }

  @Test
  void unknown_routes_are_404_and_wrong_methods_405_as_problems() {
    kck.request().get("/nope").then().statusCode(404).contentType("application/problem+json");
    kck.request().delete("/products").then().statusCode(405)
        .contentType("application/problem+json");
  }

  private static long salesCount() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from sales")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
