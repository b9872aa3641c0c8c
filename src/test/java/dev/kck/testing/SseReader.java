package dev.kck.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Server-Sent Events client for tests: collects the data lines of {@code entry} events. */
public final class SseReader implements AutoCloseable {
  private final List<String> entries = new CopyOnWriteArrayList<>();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile int status;
  private volatile boolean closed;

  public SseReader(String url, String bearerToken) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + bearerToken)
        .build();
    thread = new Thread(() -> read(request), "test-sse-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void read(HttpRequest request) {
    try {
      HttpResponse<java.io.InputStream> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
      status = response.statusCode();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String event = null;
        for (String line = lines.readLine(); line != null && !closed; line = lines.readLine()) {
          if (line.startsWith("event:")) {
            event = line.substring(6).trim();
          } else if (line.startsWith("data:") && "entry".equals(event)) {
            arrivals.add(System.nanoTime());
            entries.add(line.substring(5).trim());
          }
        }
      }
    } catch (Exception e) {
      // the stream ended (or the test closed it)
    }
  }

  public int status() {
    return status;
  }

  /** The data of every entry event so far, in order. */
  public List<String> entries() {
    return entries;
  }

  /** When each entry arrived ({@link System#nanoTime()}), in order. */
  public List<Long> arrivals() {
    return arrivals;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
