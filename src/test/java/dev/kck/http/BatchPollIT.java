package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.kernel.Json;
import dev.kck.testing.Cluster;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch {@code POST /fetch} as one long poll over many keys ({@code "versions"} with {@code
 * Prefer: wait=N}), over HTTP on two instances: what keeps a dozen keys live from a browser limited
 * to six connections per origin.
 */
class BatchPollIT {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = new Cluster(TestConfigs.withLive(TestConfigs.demo(DemoDatabase.newCopy(), "postgres"), LongPollIT.LIMITS), 2);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void a_held_batch_answers_when_any_of_its_keys_has_a_new_version() throws Exception {
    Map<String, Long> held = versionsOf(a(), "store/11", "store/12", "store/13");
    CompletableFuture<HttpResponse<String>> poll = poll(a(), held, "wait=30");
    LongPollIT.awaitWaiters(a(), 1);

    long next = SubscribeIT.bump(a(), "store/12");
    HttpResponse<String> answer = poll.get();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=30");
    List<JsonNode> results = results(answer);
    assertThat(results).extracting(result -> result.get("key").asText())
        .containsExactly("store/11", "store/12", "store/13");
    assertNotModified(results.get(0), held.get("store/11"));
    assertThat(results.get(1).get("version").asLong()).isEqualTo(next);
    assertThat(results.get(1).get("value").get("name").asText()).isNotEmpty();
    assertNotModified(results.get(2), held.get("store/13"));
    LongPollIT.awaitWaiters(a(), 0);
  }

  @Test
  void a_batch_held_on_another_instance_answers_when_the_notice_arrives() throws Exception {
    Map<String, Long> held = versionsOf(b(), "store/14", "store/15");
    CompletableFuture<HttpResponse<String>> poll = poll(b(), held, "wait=30");
    LongPollIT.awaitWaiters(b(), 1);

    long next = SubscribeIT.bump(a(), "store/15");

    List<JsonNode> results = results(poll.get());
    assertNotModified(results.get(0), held.get("store/14"));
    assertThat(results.get(1).get("version").asLong()).isEqualTo(next);
  }

  @Test
  void a_held_batch_answers_every_key_not_modified_when_the_wait_is_over() throws Exception {
    Map<String, Long> held = versionsOf(a(), "store/16", "store/17");
    HttpResponse<String> answer = poll(a(), held, "wait=1").get();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=1");
    List<JsonNode> results = results(answer);
    assertNotModified(results.get(0), held.get("store/16"));
    assertNotModified(results.get(1), held.get("store/17"));
  }

  @Test
  void a_batch_with_a_key_not_at_the_version_held_answers_at_once() throws Exception {
    Map<String, Long> held = versionsOf(a(), "store/18", "store/19");
    long current = held.get("store/19");
    held.put("store/19", current - 1);

    HttpResponse<String> answer = poll(a(), held, "wait=30").get();

    assertThat(answer.headers().firstValue("Preference-Applied")).isEmpty();
    List<JsonNode> results = results(answer);
    assertNotModified(results.get(0), held.get("store/18"));
    assertThat(results.get(1).get("version").asLong()).isEqualTo(current);
    assertThat(results.get(1).has("value")).isTrue();
  }

  @Test
  void a_batch_with_a_key_in_error_is_not_held_and_names_the_problem() throws Exception {
    Map<String, Long> held = versionsOf(a(), "store/20");
    held.put("no_such/1", 1L);

    HttpResponse<String> answer = poll(a(), held, "wait=30").get();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Preference-Applied")).isEmpty();
    List<JsonNode> results = results(answer);
    assertNotModified(results.get(0), held.get("store/20"));
    assertThat(results.get(1).get("error").get("status").asInt()).isEqualTo(404);
  }

  @Test
  void versions_without_a_wait_mark_the_unchanged_keys_and_send_the_others() throws Exception {
    Map<String, Long> held = versionsOf(a(), "store/21");
    HttpResponse<String> answer = send(a(), "{\"keys\": [\"store/21\", \"store/22\"], \"versions\": {\"store/21\": "
        + held.get("store/21") + "}}", null).get();

    List<JsonNode> results = results(answer);
    assertNotModified(results.get(0), held.get("store/21"));
    assertThat(results.get(1).has("value")).isTrue();
    assertThat(results.get(1).has("not_modified")).isFalse();
  }

  @Test
  void malformed_versions_are_a_400_naming_them() throws Exception {
    for (String versions : List.of("[1]", "{\"store/1\": \"x\"}", "{\"store/1\": 1.5}", "\"7\"")) {
      HttpResponse<String> answer = send(a(), "{\"keys\": [\"store/1\"], \"versions\": " + versions + "}",
          "wait=30").get();
      assertThat(answer.statusCode()).as(versions).isEqualTo(400);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(Json.MAPPER.readTree(answer.body()).get("detail").asText()).contains("versions");
    }
    LongPollIT.awaitWaiters(a(), 0);
  }

  private static void assertNotModified(JsonNode result, long version) {
    assertThat(result.get("not_modified").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("version").asLong()).isEqualTo(version);
    assertThat(result.has("value")).isFalse();
  }

  private static Map<String, Long> versionsOf(RunningApp instance, String... keys) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String key : keys) {
      versions.put(key, instance.request().get("/fetch/" + key).then().statusCode(200).extract().jsonPath()
          .getLong("version"));
    }
    return versions;
  }

  private static CompletableFuture<HttpResponse<String>> poll(RunningApp instance, Map<String, Long> versions,
      String prefer) throws Exception {
    String body = Json.MAPPER.writeValueAsString(Map.of("keys", List.copyOf(versions.keySet()), "versions", versions));
    return send(instance, body, prefer);
  }

  private static CompletableFuture<HttpResponse<String>> send(RunningApp instance, String body, String prefer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/fetch"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (prefer != null) {
      request.header("Prefer", prefer);
    }
    return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<JsonNode> results(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<JsonNode> results = new java.util.ArrayList<>();
    Json.MAPPER.readTree(answer.body()).get("results").forEach(results::add);
    return results;
  }

  private static RunningApp a() {
    return cluster.get(0);
  }

  private static RunningApp b() {
    return cluster.get(1);
  }
}
