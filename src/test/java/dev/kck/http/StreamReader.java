package dev.kck.http;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SSE client for the live ITs that keeps what an EventSource keeps: every event with its id,
 * the last id, the last retry hint, whether the server ended the stream, and the response headers.
 */
final class StreamReader implements AutoCloseable {
  record Event(String id, String name, String data, long arrivedNanos) {}

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile HttpResponse<InputStream> response;
  private volatile String lastId;
  private volatile Long retry;
  private volatile boolean ended;
  private volatile long endedNanos;

  private StreamReader(HttpRequest request) {
    thread = new Thread(() -> read(request), "test-stream-reader");
    thread.setDaemon(true);
    thread.start();
  }

  /** Opens {@code url} (a /subscribe path on base) with the token and, unless null, a Last-Event-ID. */
  static StreamReader open(String url, String token, String lastEventId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new StreamReader(request.build());
  }

  private void read(HttpRequest request) {
    try {
      response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String id = null;
        String name = null;
        List<String> data = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.isEmpty()) {
            if (id != null) {
              lastId = id;
            }
            if (!data.isEmpty()) {
              events.add(new Event(lastId, name == null ? "message" : name, String.join("\n", data), System.nanoTime()));
            }
            id = null;
            name = null;
            data.clear();
          } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            name = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data.add(line.substring(5).trim());
          } else if (line.startsWith("retry:")) {
            retry = Long.parseLong(line.substring(6).trim());
          }
        }
      }
    } catch (Exception e) {
      // the stream broke, or the test closed it
    } finally {
      endedNanos = System.nanoTime();
      ended = true;
    }
  }

  int status() {
    return response == null ? 0 : response.statusCode();
  }

  String header(String name) {
    return response == null ? null : response.headers().firstValue(name).orElse(null);
  }

  List<Event> events() {
    return events;
  }

  List<String> data() {
    return events.stream().map(Event::data).toList();
  }

  String lastId() {
    return lastId;
  }

  Long retry() {
    return retry;
  }

  boolean ended() {
    return ended;
  }

  long endedNanos() {
    return endedNanos;
  }

  @Override
  public void close() {
    thread.interrupt();
    if (response != null) {
      try {
        response.body().close();
      } catch (Exception e) {
        // already closed
      }
    }
  }
}
