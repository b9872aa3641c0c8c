package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.kck.config.KckConfig;
import dev.kck.testing.Cluster;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long polling on the ETag ({@code If-None-Match} with {@code Prefer: wait=N}) and {@code HEAD
 * /fetch}, over HTTP on two instances.
 */
class LongPollIT {
  static final KckConfig.Live LIMITS = new KckConfig.Live(100, 16, 8, 3, 1 << 20, Duration.ofSeconds(15));
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = new Cluster(TestConfigs.withLive(TestConfigs.demo(DemoDatabase.newCopy(), "postgres"), LIMITS), 2);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void a_held_fetch_answers_within_100_ms_of_a_new_version() throws Exception {
    String etag = etagOf(a(), "store/1");
    CompletableFuture<HttpResponse<String>> poll = poll(a(), "store/1", etag, "wait=30");
    awaitWaiters(a(), 1);

    long next = SubscribeIT.bump(a(), "store/1");
    long versionMadeAt = System.nanoTime();
    HttpResponse<String> answer = poll.get();
    long answeredAt = System.nanoTime();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("ETag")).hasValue("\"" + next + "\"");
    assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=30");
    assertThat(answer.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).startsWith("public"));
    assertThat(answer.body()).contains("\"version\":" + next);
    System.out.println("LIVEFIG same-instance poll answered " + (answeredAt - versionMadeAt) / 1000 + " us after the version");
    assertThat(Duration.ofNanos(answeredAt - versionMadeAt)).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void a_fetch_held_on_another_instance_answers_as_soon_as_the_notice_arrives() throws Exception {
    String etag = etagOf(b(), "store/2");
    CompletableFuture<HttpResponse<String>> poll = poll(b(), "store/2", etag, "wait=30");
    awaitWaiters(b(), 1);

    long next = SubscribeIT.bump(a(), "store/2");
    long versionMadeAt = System.nanoTime();
    HttpResponse<String> answer = poll.get();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"version\":" + next);
    assertThat(Duration.ofNanos(System.nanoTime() - versionMadeAt)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void a_held_fetch_answers_304_when_the_wait_is_over() throws Exception {
    String etag = etagOf(a(), "store/3");
    long started = System.nanoTime();
    HttpResponse<String> answer = poll(a(), "store/3", etag, "wait=1").get();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(answer.statusCode()).isEqualTo(304);
    assertThat(answer.headers().firstValue("ETag")).hasValue(etag);
    assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=1");
    System.out.println("LIVEFIG 304 after " + took.toMillis() + " ms");
    assertThat(took).isBetween(Duration.ofMillis(950), Duration.ofMillis(1900));
  }

  @Test
  void a_wait_over_60_seconds_is_held_for_60() throws Exception {
    String etag = etagOf(a(), "store/4");
    CompletableFuture<HttpResponse<String>> poll = poll(a(), "store/4", etag, "respond-async, wait=3600");
    awaitWaiters(a(), 1);
    SubscribeIT.bump(a(), "store/4");

    assertThat(poll.get().headers().firstValue("Preference-Applied")).hasValue("wait=60");
  }

  @Test
  void without_a_current_etag_or_a_wait_the_fetch_answers_at_once() throws Exception {
    String etag = etagOf(a(), "store/5");
    HttpResponse<String> stale = poll(a(), "store/5", "\"1\"", "wait=30").get();
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.headers().firstValue("Preference-Applied")).isEmpty();

    HttpResponse<String> notWaiting = poll(a(), "store/5", etag, "return=minimal").get();
    assertThat(notWaiting.statusCode()).isEqualTo(304);
    assertThat(notWaiting.headers().firstValue("Preference-Applied")).isEmpty();
    assertThat(poll(a(), "store/5", etag, "wait=abc").get().statusCode()).isEqualTo(304);
  }

  @Test
  void held_fetches_are_limited_per_caller_429_and_per_instance_503() throws Exception {
    String etag = etagOf(b(), "store/6");
    List<CompletableFuture<HttpResponse<String>>> held = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(pollAs(b(), "alice", "store/6", etag));
    }
    awaitWaiters(b(), 3);
    HttpResponse<String> fourth = pollAs(b(), "alice", "store/6", etag).get();
    assertThat(fourth.statusCode()).isEqualTo(429);
    assertThat(fourth.headers().firstValue("Retry-After")).isPresent();
    assertThat(fourth.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    for (String subject : List.of("bob", "bob", "bob", "carol", "carol")) {
      held.add(pollAs(b(), subject, "store/6", etag));
    }
    awaitWaiters(b(), 8);
    HttpResponse<String> ninth = pollAs(b(), "dave", "store/6", etag).get();
    assertThat(ninth.statusCode()).isEqualTo(503);
    assertThat(ninth.headers().firstValue("Retry-After")).isPresent();

    SubscribeIT.bump(b(), "store/6");
    for (CompletableFuture<HttpResponse<String>> poll : held) {
      assertThat(poll.get().statusCode()).isEqualTo(200);
    }
    awaitWaiters(b(), 0);
  }

  @Test
  void head_answers_the_headers_get_would_without_a_body() {
    Response get = a().request().get("/fetch/store/7");
    Response head = a().request().head("/fetch/store/7");

    head.then().statusCode(200).body(emptyString())
        .header("Content-Type", startsWith("application/json"))
        .header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
    for (String name : List.of("ETag", "Last-Modified", "Cache-Control", "Content-Type")) {
      assertThat(head.header(name)).as(name).isEqualTo(get.header(name));
    }
    a().request().header("If-None-Match", get.header("ETag")).head("/fetch/store/7").then().statusCode(304);
    a().request().queryParam("key", "store%2F7").head("/fetch").then().statusCode(200)
        .header("ETag", equalTo(get.header("ETag")));
    a().request().head("/fetch/no_such/1").then().statusCode(404).body(emptyString());
  }

  private static String etagOf(RunningApp instance, String key) {
    return instance.request().get("/fetch/" + key).then().statusCode(200).extract().header("ETag");
  }

  private static CompletableFuture<HttpResponse<String>> poll(RunningApp instance, String key, String etag,
      String prefer) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/fetch/" + key))
        .header("If-None-Match", etag).header("Prefer", prefer).build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<HttpResponse<String>> pollAs(RunningApp instance, String subject, String key,
      String etag) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/fetch/" + key))
        .header("If-None-Match", etag).header("Prefer", "wait=30")
        .header("Authorization", "Bearer " + dev.kck.testing.Tokens.of(subject, "")).build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the instance holds exactly this many long polls (its kck_live_waiters gauge). */
  static void awaitWaiters(RunningApp instance, int count) {
    await().atMost(Duration.ofSeconds(30)).until(() -> LiveMetrics.gauge(instance, "kck_live_waiters") == count);
  }

  private static RunningApp a() {
    return cluster.get(0);
  }

  private static RunningApp b() {
    return cluster.get(1);
  }
}
