package dev.kck.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/** Blocking HTTP/1.1 calls for the driver's own requests (warm-up, updates, polling, the miss storm). */
final class Http {
  record Response(int status, String body, java.net.http.HttpHeaders headers) {
    String header(String name) {
      return headers.firstValue(name).orElse("");
    }
  }

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .executor(Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bench-http");
        thread.setDaemon(true);
        return thread;
      }))
      .build();

  Response get(String url, String token) {
    return send(request(url, token).GET().build());
  }

  /** A GET with headers of the caller's besides the token (a long poll's If-None-Match and Prefer). */
  Response get(String url, String token, java.util.Map<String, String> headers) {
    HttpRequest.Builder builder = request(url, token);
    headers.forEach(builder::header);
    return send(builder.GET().build());
  }

  Response post(String url, String token, String json) {
    return send(request(url, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  Response delete(String url, String token) {
    return send(request(url, token).DELETE().build());
  }

  /** The status, or -1 when the server cannot be reached. */
  int statusOf(String url) {
    try {
      return client.send(request(url, null).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static HttpRequest.Builder request(String url, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
