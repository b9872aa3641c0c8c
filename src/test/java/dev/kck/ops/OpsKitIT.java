package dev.kck.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kck.testing.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitoring kit in ops/ names only metrics that /metrics really exports: every {@code kck_}
 * name in the Prometheus rules' and the Grafana dashboard's expressions is one of the names a
 * running instance (demo products on PostgreSQL, after a miss, a hit and an update) writes.
 */
class OpsKitIT {
  private static final Path RULES = Path.of("ops/prometheus/kck-alerts.yml");
  private static final Path DASHBOARD = Path.of("ops/grafana/kck-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("\\bkck_[a-zA-Z0-9_:]*");
  private static final String SALE = """
      {"store_id": 5, "product_id": 3, "customer": "alice", "quantity": 1, "amount": "3.10"}""";
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    kck = RunningApp.demo("postgres");
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void the_alert_rules_name_only_exported_metrics_and_each_has_a_severity() throws Exception {
    JsonNode groups = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile()).get("groups");
    List<String> expressions = new ArrayList<>();
    for (JsonNode rule : groups.get(0).get("rules")) {
      assertThat(rule.path("alert").asText()).as(rule.toString()).isNotEmpty();
      assertThat(rule.path("labels").path("severity").asText()).as(rule.toString()).isIn("warning", "critical");
      expressions.add(rule.get("expr").asText());
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(4);
    assertNamesExported(expressions, "kck-alerts.yml");
  }

  @Test
  void the_dashboard_names_only_exported_metrics() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> expressions = new ArrayList<>();
    dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(target -> expressions.add(
        target.get("expr").asText())));
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
    assertNamesExported(expressions, "kck-dashboard.json");
  }

  @Test
  void the_alerts_cover_queue_age_stale_serves_primer_errors_and_an_unavailable_store() throws Exception {
    String rules = Files.readString(RULES);
    assertThat(rules).contains("kck_refresh_queue_oldest_age_seconds", "kck_cache_stale_total",
        "kck_primer_runs_seconds_count{outcome=\"error\"}", "kck_dependency_up{dependency=\"cache_store\"}");
  }

  private static void assertNamesExported(List<String> expressions, String file) {
    Set<String> exported = exportedNames();
    Set<String> named = new TreeSet<>();
    for (String expression : expressions) {
      Matcher matcher = METRIC.matcher(expression);
      while (matcher.find()) {
        named.add(matcher.group());
      }
    }
    assertThat(named).as(file + " names metrics").isNotEmpty();
    assertThat(named).as("metrics named in " + file + " that /metrics does not export").isSubsetOf(exported);
  }

  /** The metric names of /metrics after a miss, a hit and an update, so that lazily made meters exist. */
  private static Set<String> exportedNames() {
    kck.request().get("/fetch/store/5").then().statusCode(200);
    kck.request().get("/fetch/store/5").then().statusCode(200);
    kck.as("ops", "sales:write").contentType("application/json").body(SALE).post("/update/record_sale").then()
        .statusCode(200);
    String text = kck.request().get("/metrics").then().statusCode(200).extract().asString();
    return text.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }
}
