package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.auth0.jwt.algorithms.Algorithm;
import dev.kck.config.KckConfig;
import dev.kck.kernel.Json;
import dev.kck.testing.Cluster;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import dev.kck.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /subscribe} over HTTP on two instances sharing one source and one cache store: many keys
 * over one stream, resumed with {@code Last-Event-ID} on either instance, refusals before the
 * stream opens.
 */
class SubscribeIT {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static KckConfig config;
  private static Cluster cluster;

  @BeforeAll
  static void start() {
    config = TestConfigs.demo(DemoDatabase.newCopy(), "postgres");
    cluster = new Cluster(config, 2);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void one_stream_carries_an_entry_per_key_now_then_each_new_version_of_any() {
    try (StreamReader stream = open(a(), "alice", null, "store/1", "store/2", "my_purchases/alice")) {
      await().atMost(BOUND).until(() -> stream.events().size() == 3);
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      assertThat(stream.events()).extracting(StreamReader.Event::name).containsOnly("entry");
      assertThat(keys(stream)).containsExactly("store/1", "store/2", "my_purchases/alice");

      long next = bump(b(), "store/2");

      await().atMost(BOUND).until(() -> stream.events().size() == 4);
      assertThat(keys(stream).get(3)).isEqualTo("store/2");
      assertThat(version(stream.events().get(3))).isEqualTo(next);
      assertThat(stream.events()).extracting(StreamReader.Event::id).doesNotContainNull();
    }
  }

  @Test
  void a_stream_resumed_on_another_instance_gets_exactly_what_moved_meanwhile() {
    String lastId;
    Map<String, Long> held = new HashMap<>();
    try (StreamReader first = open(a(), "bob", null, "store/3", "store/4", "store/5", "store/6")) {
      await().atMost(BOUND).until(() -> first.events().size() == 4);
      first.events().forEach(event -> held.put(key(event), version(event)));
      lastId = first.lastId();
    }
    long four = bump(a(), "store/4");
    bump(b(), "store/6");
    long six = bump(a(), "store/6");
    await().atMost(BOUND).until(() -> versionOn(b(), "store/6") == six); // b has heard of it

    try (StreamReader resumed = open(b(), "bob", lastId, "store/3", "store/4", "store/5", "store/6")) {
      await().atMost(BOUND).until(() -> resumed.events().size() >= 2);
      long seven = bump(a(), "store/3");
      await().atMost(BOUND).until(() -> resumed.events().size() >= 3);
      sleepBriefly(); // anything sent twice would arrive by now

      assertThat(resumed.events()).extracting(SubscribeIT::key).containsExactly("store/4", "store/6", "store/3");
      assertThat(resumed.events()).extracting(SubscribeIT::version).containsExactly(four, six, seven);
      assertThat(version(resumed.events().get(0))).isGreaterThan(held.get("store/4"));
    }
  }

  @Test
  void a_stream_resumed_with_nothing_new_sends_nothing_until_something_moves() {
    String lastId;
    try (StreamReader first = open(a(), "carol", null, "store/7", "store/8")) {
      await().atMost(BOUND).until(() -> first.events().size() == 2);
      lastId = first.lastId();
    }
    try (StreamReader resumed = open(a(), "carol", lastId, "store/8", "store/7")) {
      sleepBriefly();
      assertThat(resumed.status()).isEqualTo(200);
      assertThat(resumed.events()).isEmpty();
      long moved = bump(b(), "store/8");
      await().atMost(BOUND).until(() -> resumed.events().size() == 1);
      assertThat(version(resumed.events().get(0))).isEqualTo(moved);
    }
  }

  @Test
  void the_one_key_route_resumes_from_its_version_ids() {
    String lastId;
    try (StreamReader first = StreamReader.open(b().baseUrl() + "/subscribe/store/9", token("dave"), null)) {
      await().atMost(BOUND).until(() -> first.events().size() == 1);
      lastId = first.lastId();
    }
    assertThat(lastId).matches("\\d+");
    try (StreamReader resumed = StreamReader.open(b().baseUrl() + "/subscribe/store/9", token("dave"), lastId)) {
      sleepBriefly();
      assertThat(resumed.events()).isEmpty();
      long moved = bump(a(), "store/9");
      await().atMost(BOUND).until(() -> resumed.events().size() == 1);
      assertThat(resumed.lastId()).isEqualTo(Long.toString(moved));
    }
  }

  @Test
  void one_key_the_caller_may_not_read_refuses_the_whole_stream_naming_it() {
    a().as("erin", "").get("/subscribe?key=store/1&key=my_purchases/erin&key=my_purchases/frank").then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("key", equalTo("my_purchases/frank"));
    a().as("erin", "").get("/subscribe?key=store/1&key=no_such/1").then()
        .statusCode(404)
        .body("key", equalTo("no_such/1"));
  }

  @Test
  void the_key_list_is_required_and_bounded() {
    a().request().get("/subscribe").then().statusCode(400).contentType("application/problem+json");
    StringBuilder many = new StringBuilder("/subscribe?key=store/1");
    for (int i = 2; i <= 101; i++) {
      many.append("&key=store/").append(i);
    }
    a().request().get(many.toString()).then().statusCode(400).body("detail", containsString("at most 100"));
  }

  @Test
  void a_request_that_does_not_accept_an_event_stream_gets_406_and_a_wildcard_streams() {
    a().request().header("Accept", "application/json").get("/subscribe?key=store/1").then()
        .statusCode(406)
        .contentType("application/problem+json");
    a().request().header("Accept", "application/json").get("/subscribe/store/1").then().statusCode(406);
    a().request().header("Accept", "text/event-stream;q=0, */*").get("/subscribe/store/1").then().statusCode(406);
    try (StreamReader wildcard = StreamReader.open(a().baseUrl() + "/subscribe/store/1", null, null)) {
      await().atMost(BOUND).until(() -> wildcard.events().size() == 1);
    }
  }

  @Test
  void the_openapi_document_describes_the_live_routes() {
    a().request().get("/openapi.json").then().statusCode(200)
        .body("paths.'/subscribe'.get.responses.'406'.description", containsString("text/event-stream"))
        .body("paths.'/subscribe'.get.parameters[0].schema.maxItems", equalTo(100))
        .body("paths.'/subscribe/{key}'.get.responses.'406'", org.hamcrest.Matchers.notNullValue())
        .body("paths.'/fetch/{key}'.head.summary", containsString("headers"))
        .body("components.parameters.PreferWait.description", containsString("Preference-Applied"));
  }

  @Test
  void refusals_are_problems_before_the_stream_opens() {
    a().request().get("/subscribe?key=my_purchases/gina").then().statusCode(401)
        .header("WWW-Authenticate", containsString("invalid_token"));
    a().as("hal", "").get("/subscribe/my_purchases/ivan").then().statusCode(403);
  }

  @Test
  void a_stream_ends_within_seconds_of_its_tokens_expiry() {
    Instant expiry = Instant.now().plusSeconds(3);
    String token = Tokens.builder("jo", "").withExpiresAt(expiry).sign(Algorithm.HMAC256(TestConfigs.SECRET));
    try (StreamReader stream = StreamReader.open(b().baseUrl() + "/subscribe?key=store/1", token, null)) {
      await().atMost(Duration.ofSeconds(10)).until(stream::ended);
      Instant ended = Instant.now();

      assertThat(stream.events()).hasSize(1);
      assertThat(stream.retry()).isEqualTo(1000);
      assertThat(ended).isBetween(expiry.minusSeconds(1), expiry.plusSeconds(2)); // exp is in whole seconds
    }
  }

  @Test
  void a_stopping_instance_ends_its_streams_with_a_retry_hint_and_answers_its_long_polls() throws Exception {
    RunningApp third = RunningApp.start(config);
    String etag = third.request().get("/fetch/store/11").then().extract().header("ETag");
    HttpRequest poll = HttpRequest.newBuilder(URI.create(third.baseUrl() + "/fetch/store/11"))
        .header("If-None-Match", etag).header("Prefer", "wait=30").build();
    try (StreamReader stream = StreamReader.open(third.baseUrl() + "/subscribe/store/11", null, null)) {
      CompletableFuture<HttpResponse<Void>> held = HttpClient.newHttpClient().sendAsync(poll,
          HttpResponse.BodyHandlers.discarding());
      await().atMost(BOUND).until(() -> stream.events().size() == 1
          && LiveMetrics.gauge(third, "kck_live_waiters") == 1);
      long stopping = System.nanoTime();

      third.close();

      assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
      await().atMost(BOUND).until(stream::ended);
      assertThat(stream.retry()).isEqualTo(2000);
      assertThat(held.get().statusCode()).isEqualTo(304);
    }
  }

  private static StreamReader open(RunningApp instance, String subject, String lastEventId, String... keys) {
    StringBuilder query = new StringBuilder();
    for (String key : keys) {
      query.append(query.length() == 0 ? "?" : "&").append("key=").append(key);
    }
    return StreamReader.open(instance.baseUrl() + "/subscribe" + query, token(subject), lastEventId);
  }

  private static String token(String subject) {
    return Tokens.of(subject, "");
  }

  /** A new version of the key, made on the given instance: its copy dropped everywhere, then fetched. */
  static long bump(RunningApp instance, String key) {
    instance.as("ops", "kck:admin").delete("/cache/" + key).then().statusCode(204);
    return instance.as("ops", "").get("/fetch/" + key).then().statusCode(200).extract().jsonPath().getLong("version");
  }

  private static long versionOn(RunningApp instance, String key) {
    return instance.as("ops", "").get("/fetch/" + key).then().extract().jsonPath().getLong("version");
  }

  private static List<String> keys(StreamReader stream) {
    return stream.events().stream().map(SubscribeIT::key).toList();
  }

  static String key(StreamReader.Event event) {
    return entry(event).get("key").asText();
  }

  static long version(StreamReader.Event event) {
    return entry(event).get("version").asLong();
  }

  private static JsonNode entry(StreamReader.Event event) {
    try {
      return Json.MAPPER.readTree(event.data());
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + event.data(), e);
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static RunningApp a() {
    return cluster.get(0);
  }

  private static RunningApp b() {
    return cluster.get(1);
  }
}
