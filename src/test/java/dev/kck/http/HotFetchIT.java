package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.testing.RunningApp;
import dev.kck.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hot entrance ({@link HotFetch}) answers a plain L1 hit exactly as Javalin's route does: a
 * request with a {@code Prefer} it does not act on goes to Javalin, the same request without it is
 * served by the hot path, and the two answers carry the same status, headers and body.
 */
class HotFetchIT {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
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
  void a_hot_hit_and_a_javalin_hit_are_the_same_answer() throws Exception {
    String token = Tokens.bearer(Tokens.of("carol", "sales:read"));
    send("/fetch/sales_summary", token, null); // the miss that fills L1
    HttpResponse<byte[]> viaJavalin = send("/fetch/sales_summary", token, "respond-async");
    HttpResponse<byte[]> viaHotPath = send("/fetch/sales_summary", token, null);

    assertThat(viaHotPath.statusCode()).isEqualTo(200);
    assertThat(viaJavalin.statusCode()).isEqualTo(200);
    assertThat(headers(viaHotPath)).isEqualTo(headers(viaJavalin));
    assertThat(viaHotPath.headers().firstValue("Cache-Status"))
        .hasValueSatisfying(status -> assertThat(status).matches("kck; hit; ttl=\\d+"));
    assertThat(viaHotPath.body()).isEqualTo(viaJavalin.body());
  }

  @Test
  void refusals_on_the_hot_route_are_still_problems() throws Exception {
    String token = Tokens.bearer(Tokens.of("carol", "sales:read"));
    send("/fetch/sales_summary", token, null);
    HttpResponse<byte[]> noScope = send("/fetch/sales_summary", Tokens.bearer(Tokens.of("dave", "other")), null);
    HttpResponse<byte[]> badToken = send("/fetch/sales_summary", "Bearer not-a-token", null);

    assertThat(noScope.statusCode()).isEqualTo(403);
    assertThat(noScope.headers().firstValue("Content-Type")).hasValue(Problems.CONTENT_TYPE);
    assertThat(badToken.statusCode()).isEqualTo(401);
    assertThat(badToken.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  private static HttpResponse<byte[]> send(String path, String authorization, String prefer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kck.baseUrl() + path)).header("Authorization", authorization);
    if (prefer != null) {
      request.header("Prefer", prefer);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Every header but Date (the second may turn between the two requests). */
  private static Map<String, List<String>> headers(HttpResponse<?> response) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(response.headers().map());
    headers.remove("date");
    return headers;
  }
}
