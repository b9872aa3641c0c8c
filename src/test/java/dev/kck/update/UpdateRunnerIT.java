package dev.kck.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.product.Access;
import dev.kck.product.KeyTemplate;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RenameCustomerUpdater;
import dev.kck.testing.TestConfigs;
import dev.kck.testing.Tokens;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Updates checked and run on a real copy of the demo database, with real tokens. */
class UpdateRunnerIT {
  private static final String SALES_WRITE = "sales:write";

  static final UpdaterSpec RECORD_SALE = new UpdaterSpec("record_sale",
      List.of(Parameter.of("store_id", ParamType.INT), Parameter.of("product_id", ParamType.INT),
          Parameter.of("customer_id", ParamType.INT), Parameter.of("quantity", ParamType.INT),
          Parameter.of("amount", ParamType.DECIMAL), new Parameter("sold_at", ParamType.TIMESTAMP, null, false)),
      """
      insert into sales (store_id, product_id, customer_id, quantity, amount, sold_at)
      values (:store_id, :product_id, :customer_id, :quantity, :amount, coalesce(:sold_at, now()))
      """,
      List.of("sales"), List.of(KeyTemplate.parse("store/:store_id")), new Access.Scopes(Set.of(SALES_WRITE)), null);

  /** Public, so that only its claim-bound parameter demands a token. */
  static final UpdaterSpec CHANGE_MY_EMAIL = new UpdaterSpec("change_my_email",
      List.of(new Parameter("username", ParamType.STRING, "sub", true), Parameter.of("email", ParamType.STRING)),
      "update customers set email = :email where username = :username",
      List.of("customers"), List.of(), Access.PUBLIC, null);

  static final UpdaterSpec RENAME_AND_SET_QUANTITY = new UpdaterSpec("rename_and_set_quantity",
      List.of(Parameter.of("customer_id", ParamType.INT), Parameter.of("name", ParamType.STRING),
          Parameter.of("sale_id", ParamType.LONG), Parameter.of("quantity", ParamType.INT)),
      """
      update customers set name = :name where id = :customer_id;
      -- a comment holding a ; and a :colon is neither a separator nor a parameter
      update sales set quantity = :quantity where id = :sale_id;
      """,
      List.of("customers", "sales"), List.of(), Access.AUTHENTICATED, null);

  static final UpdaterSpec SLOW = new UpdaterSpec("slow", List.of(), "select pg_sleep(10)",
      List.of(), List.of(), Access.AUTHENTICATED, null);

  private static HikariDataSource pool;
  private static Authenticator authenticator;
  private static UpdateRunner runner;

  @BeforeAll
  static void start() {
    pool = pool(DemoDatabase.newCopy(), 30_000);
    authenticator = new Authenticator(TestConfigs.auth(), Clock.systemUTC());
    UpdaterRegistry registry = new UpdaterRegistry(List.of(new SqlUpdater(RECORD_SALE), new SqlUpdater(CHANGE_MY_EMAIL),
        new SqlUpdater(RENAME_AND_SET_QUANTITY), new RenameCustomerUpdater()));
    runner = new UpdateRunner(registry, pool, authenticator);
  }

  @AfterAll
  static void stop() {
    pool.close();
    authenticator.close();
  }

  @Test
  void records_a_sale_and_counts_its_row() throws Exception {
    Applied result = apply("record_sale",
        json(sale(7, "12.50", "2031-01-02T03:04:05Z", 2)), writer());

    assertThat(result.update().spec().name()).isEqualTo("record_sale");
    assertThat(result.rows()).isEqualTo(1);
    assertThat(result.update().calls()).singleElement().satisfies(call -> {
      assertThat(call).containsEntry("store_id", 7).containsEntry("amount", new BigDecimal("12.50"))
          .containsEntry("sold_at", OffsetDateTime.parse("2031-01-02T03:04:05Z"));
    });
    assertThat(salesAt("2031-01-02T03:04:05Z")).isEqualTo(1);
    assertThat(result.update().refreshKeys()).containsExactly("store/7");
  }

  @Test
  void an_array_body_runs_every_call_in_one_transaction() throws Exception {
    String at = "2031-02-02T00:00:00Z";
    Applied result = apply("record_sale",
        json("[" + sale(1, "5", at, 1) + "," + sale(2, "6", at, 3) + "]"), writer());

    assertThat(result.rows()).isEqualTo(2);
    assertThat(result.update().calls()).extracting(call -> call.get("store_id")).containsExactly(1, 2);
    assertThat(salesAt(at)).isEqualTo(2);
  }

  @Test
  void a_violation_in_one_element_of_an_array_writes_nothing() throws Exception {
    String at = "2031-03-03T00:00:00Z";
    KckException.Unprocessable e = catchThrowableOfType(KckException.Unprocessable.class, () -> apply(
        "record_sale", json("[" + sale(1, "5", at, 1) + "," + sale(1, "5", at, 0) + "]"), writer()));

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.getMessage()).contains("sales_quantity_check");
    assertThat(salesAt(at)).isZero();
  }

  @Test
  void a_constraint_violation_names_the_constraint_without_sql_or_row_values() throws Exception {
    String before = emailOf("alice");

    KckException.Unprocessable e = catchThrowableOfType(KckException.Unprocessable.class, () -> apply(
        "change_my_email", json("{\"email\": \"bob@example.com\"}"), principal("alice", "")));

    assertThat(e.getMessage()).contains("customers_email_key")
        .doesNotContainIgnoringCase("update").doesNotContain("customers set", "bob@example.com", "Key (", "Detail");
    assertThat(emailOf("alice")).isEqualTo(before);
  }

  @Test
  void a_wrong_type_is_400_naming_the_parameter() throws Exception {
    KckException.BadRequest e = catchThrowableOfType(KckException.BadRequest.class,
        () -> apply("record_sale", json(sale(1, "5", null, 1).replace("\"quantity\": 1", "\"quantity\": \"three\"")),
            writer()));

    assertThat(e.parameter()).isEqualTo("quantity");
    assertThat(e.getMessage()).contains("quantity", "three");
  }

  @Test
  void an_object_where_a_value_belongs_is_400_naming_the_parameter() throws Exception {
    KckException.BadRequest e = catchThrowableOfType(KckException.BadRequest.class,
        () -> apply("record_sale", json(sale(1, "5", null, 1).replace("\"amount\": \"5\"", "\"amount\": {\"n\": 5}")),
            writer()));

    assertThat(e.parameter()).isEqualTo("amount");
  }

  @Test
  void a_missing_required_parameter_is_400_naming_it() throws Exception {
    KckException.BadRequest e = catchThrowableOfType(KckException.BadRequest.class,
        () -> apply("record_sale", json("{\"store_id\": 1, \"product_id\": 1, \"customer_id\": 1, \"amount\": 5}"),
            writer()));

    assertThat(e.parameter()).isEqualTo("quantity");
    assertThat(e.getMessage()).contains("'quantity' is required");
  }

  @Test
  void an_absent_optional_parameter_is_bound_as_null() throws Exception {
    Applied result = apply("record_sale", json(sale(4, "777.77", null, 1)), writer());

    assertThat(result.update().calls().get(0)).containsEntry("sold_at", null);
    assertThat(count("select count(*) from sales where store_id = 4 and amount = 777.77"
        + " and sold_at > now() - interval '1 hour'")).isEqualTo(1);
  }

  @Test
  void an_unknown_parameter_is_400_naming_it() throws Exception {
    KckException.BadRequest e = catchThrowableOfType(KckException.BadRequest.class,
        () -> apply("record_sale", json(sale(1, "5", null, 1).replace("\"quantity\"", "\"quantiy\"")), writer()));

    assertThat(e.parameter()).isEqualTo("quantiy");
  }

  @Test
  void a_body_that_is_neither_object_nor_array_of_objects_is_400() throws Exception {
    for (String body : List.of("[]", "42", "\"text\"", "null", "[1]")) {
      assertThat(catchThrowableOfType(KckException.BadRequest.class,
          () -> apply("record_sale", json(body), writer()))).as(body).isNotNull();
    }
  }

  @Test
  void a_claim_bound_parameter_is_taken_from_the_token() throws Exception {
    Applied result = apply("change_my_email", json("{\"email\": \"alice@new.example\"}"),
        principal("alice", ""));

    assertThat(result.rows()).isEqualTo(1);
    assertThat(result.update().calls().get(0)).containsEntry("username", "alice");
    assertThat(emailOf("alice")).isEqualTo("alice@new.example");
  }

  @Test
  void a_claim_bound_parameter_equal_to_the_claim_is_accepted() throws Exception {
    Applied result = apply("change_my_email",
        json("{\"username\": \"dave\", \"email\": \"dave@new.example\"}"), principal("dave", ""));

    assertThat(result.rows()).isEqualTo(1);
  }

  @Test
  void a_claim_bound_parameter_that_differs_from_the_claim_is_403() throws Exception {
    String before = emailOf("bob");

    KckException.Forbidden e = catchThrowableOfType(KckException.Forbidden.class, () -> apply(
        "change_my_email", json("{\"username\": \"bob\", \"email\": \"mine@example.com\"}"), principal("alice", "")));

    assertThat(e.getMessage()).contains("username", "sub");
    assertThat(emailOf("bob")).isEqualTo(before);
  }

  @Test
  void a_claim_bound_parameter_without_a_token_is_401() throws Exception {
    assertThat(catchThrowableOfType(KckException.Unauthorized.class, () -> apply(
        "change_my_email", json("{\"username\": \"bob\", \"email\": \"x@example.com\"}"), Principal.ANONYMOUS)))
        .isNotNull();
  }

  @Test
  void an_unknown_updater_is_404() throws Exception {
    KckException.NotFound e = catchThrowableOfType(KckException.NotFound.class,
        () -> apply("no_such_updater", json("{}"), writer()));

    assertThat(e.getMessage()).contains("no_such_updater");
  }

  @Test
  void a_token_without_the_scope_is_403_and_no_token_is_401() throws Exception {
    String at = "2031-04-04T00:00:00Z";
    JsonNode body = json(sale(1, "5", at, 1));

    assertThat(catchThrowableOfType(KckException.Forbidden.class,
        () -> apply("record_sale", body, principal("eve", "sales:read")))).hasMessageContaining(SALES_WRITE);
    assertThat(catchThrowableOfType(KckException.Unauthorized.class,
        () -> apply("record_sale", body, Principal.ANONYMOUS))).isNotNull();
    assertThat(salesAt(at)).isZero();
  }

  @Test
  void multi_statement_sql_runs_every_statement_and_counts_their_rows() throws Exception {
    Applied result = apply("rename_and_set_quantity",
        json("{\"customer_id\": 5, \"name\": \"Erin Renamed\", \"sale_id\": 10, \"quantity\": 4}"), principal("x", ""));

    assertThat(result.rows()).isEqualTo(2);
    assertThat(text("select name from customers where id = 5")).isEqualTo("Erin Renamed");
    assertThat(count("select quantity from sales where id = 10")).isEqualTo(4);
  }

  @Test
  void multi_statement_sql_is_one_transaction() throws Exception {
    String before = text("select name from customers where id = 6");

    KckException.Unprocessable e = catchThrowableOfType(KckException.Unprocessable.class, () -> apply(
        "rename_and_set_quantity", json("{\"customer_id\": 6, \"name\": \"Never\", \"sale_id\": 11, \"quantity\": 0}"),
        principal("x", "")));

    assertThat(e.getMessage()).contains("sales_quantity_check");
    assertThat(text("select name from customers where id = 6")).isEqualTo(before);
  }

  @Test
  void sql_injection_text_in_a_parameter_is_stored_as_data() throws Exception {
    String hostile = "carol'); drop table customers; --@example.com";

    apply("change_my_email", json(Json.MAPPER.writeValueAsString(java.util.Map.of("email", hostile))),
        principal("carol", ""));

    assertThat(count("select count(*) from customers")).isEqualTo(20_000);
    assertThat(emailOf("carol")).isEqualTo(hostile);
  }

  @Test
  void a_value_the_database_rejects_is_400() throws Exception {
    KckException.BadRequest e = catchThrowableOfType(KckException.BadRequest.class,
        () -> apply("record_sale", json(sale(1, "99999999999", null, 1)), writer()));

    assertThat(e.getMessage()).contains("numeric field overflow").doesNotContain("insert");
  }

  @Test
  void a_java_updater_is_found_through_service_loader() throws Exception {
    Applied result = apply(RenameCustomerUpdater.NAME,
        json("{\"customer_id\": 8, \"name\": \"Heidi Renamed\"}"), principal("x", RenameCustomerUpdater.SCOPE));

    assertThat(result.rows()).isEqualTo(1);
    assertThat(result.update().calls().get(0)).containsEntry("customer_id", 8);
    assertThat(text("select name from customers where id = 8")).isEqualTo("Heidi Renamed");
  }

  @Test
  void a_java_updater_that_commits_is_refused_and_rolled_back() throws Exception {
    UpdateRunner misbehaving = runnerOf(pool, new SetQuantityThen("commits", Connection::commit));
    long before = count("select quantity from sales where id = 20");

    KckException.Internal e = catchThrowableOfType(KckException.Internal.class, () -> applyOn(misbehaving, 
        "commits", json("{\"sale_id\": 20, \"quantity\": " + (before + 1) + "}"), principal("x", "")));

    assertThat(e.getCause()).hasMessageContaining("must not call Connection.commit");
    assertThat(count("select quantity from sales where id = 20")).isEqualTo(before);
  }

  @Test
  void a_java_updater_that_throws_after_writing_writes_nothing() throws Exception {
    UpdateRunner failing = runnerOf(pool, new SetQuantityThen("throws", connection -> {
      throw new IllegalStateException("plugin bug");
    }));
    long before = count("select quantity from sales where id = 21");

    assertThat(catchThrowableOfType(KckException.Internal.class, () -> applyOn(failing, 
        "throws", json("{\"sale_id\": 21, \"quantity\": " + (before + 1) + "}"), principal("x", ""))))
        .hasMessageNotContaining("plugin bug");
    assertThat(count("select quantity from sales where id = 21")).isEqualTo(before);
  }

  @Test
  void a_statement_over_the_timeout_is_504() throws Exception {
    try (HikariDataSource impatient = pool(pool.getJdbcUrl(), 200)) {
      UpdateRunner slow = new UpdateRunner(new UpdaterRegistry(List.of(new SqlUpdater(SLOW))), impatient, authenticator);

      assertThat(catchThrowableOfType(KckException.Timeout.class, () -> applyOn(slow, "slow", json("{}"), principal("x", ""))))
          .hasMessageContaining("slow");
    }
  }

  @Test
  void an_unreachable_source_is_503() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/nothing");
    config.setUsername("postgres");
    config.setConnectionTimeout(250);
    config.setInitializationFailTimeout(-1);
    try (HikariDataSource down = new HikariDataSource(config)) {
      UpdateRunner unreachable = new UpdateRunner(new UpdaterRegistry(List.of(new SqlUpdater(RECORD_SALE))), down,
          authenticator);

      KckException.Unavailable e = catchThrowableOfType(KckException.Unavailable.class,
          () -> applyOn(unreachable, "record_sale", json(sale(1, "5", null, 1)), writer()));
      assertThat(e.retryAfter()).isPositive();
    }
  }

  /** A Java updater that sets a sale's quantity, then does something a plugin must not get away with. */
  private record SetQuantityThen(String name, Misstep misstep) implements Updater {
    interface Misstep {
      void after(Connection transaction) throws Exception;
    }

    @Override
    public UpdaterSpec spec() {
      return UpdaterSpec.of(name, List.of(Parameter.of("sale_id", ParamType.LONG), Parameter.of("quantity", ParamType.INT)));
    }

    @Override
    public long apply(Connection transaction, java.util.Map<String, Object> parameters) throws Exception {
      try (PreparedStatement statement = transaction.prepareStatement("update sales set quantity = ? where id = ?")) {
        statement.setInt(1, (Integer) parameters.get("quantity"));
        statement.setLong(2, (Long) parameters.get("sale_id"));
        statement.executeUpdate();
      }
      misstep.after(transaction);
      return 1;
    }
  }

  private UpdateRunner runnerOf(HikariDataSource dataSource, Updater updater) {
    return new UpdateRunner(new UpdaterRegistry(List.of(updater)), dataSource, authenticator);
  }

  private static String sale(int store, String amount, String soldAt, int quantity) {
    return "{\"store_id\": " + store + ", \"product_id\": 3, \"customer_id\": 9, \"quantity\": " + quantity
        + ", \"amount\": \"" + amount + "\"" + (soldAt == null ? "" : ", \"sold_at\": \"" + soldAt + "\"") + "}";
  }

  private static JsonNode json(String text) throws JsonProcessingException {
    return Json.MAPPER.readTree(text);
  }

  private static Principal writer() {
    return principal("till-7", SALES_WRITE);
  }

  private static Principal principal(String subject, String scopes) {
    return authenticator.authenticate(Tokens.bearer(Tokens.of(subject, scopes)));
  }

  private static long salesAt(String soldAt) throws SQLException {
    return count("select count(*) from sales where sold_at = '" + soldAt + "'");
  }

  private static String emailOf(String username) throws SQLException {
    return text("select email from customers where username = '" + username + "'");
  }

  private static long count(String sql) throws SQLException {
    return Long.parseLong(text(sql));
  }

  private static String text(String sql) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      assertThat(rows.next()).as(sql).isTrue();
      return rows.getString(1);
    }
  }

  private static HikariDataSource pool(String jdbcUrl, long statementTimeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("postgres");
    config.setMaximumPoolSize(4);
    config.setConnectionInitSql("set statement_timeout = " + statementTimeoutMillis);
    return new HikariDataSource(config);
  }

  /** An update prepared and committed, as the update use case runs it. */
  private record Applied(PreparedUpdate update, long rows) {}

  private static Applied apply(String updater, JsonNode body, Principal principal) {
    return applyOn(runner, updater, body, principal);
  }

  private static Applied applyOn(UpdateRunner on, String updater, JsonNode body, Principal principal) {
    PreparedUpdate update = on.prepare(updater, body, principal);
    return new Applied(update, on.commit(update));
  }

}
