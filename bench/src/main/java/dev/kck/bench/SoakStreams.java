package dev.kck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The soak's open subscriptions: {@code GET /subscribe/KEY} streams held for the whole run, each read
 * on a thread of its own. Every {@code entry} event is counted; a version that does not grow, a stream
 * that cannot open and a stream that ends before {@link #close} are errors in the tally. At the end,
 * {@link #behind} names the streams whose last entry is not the value the run last wrote.
 */
final class SoakStreams implements AutoCloseable {
  static final String EVENTS = "stream events";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One held stream and what it last saw. */
  private static final class Stream {
    final String instance;
    final String key;
    volatile long lastVersion = -1;
    volatile JsonNode lastValue;
    volatile InputStream body;

    Stream(String instance, String key) {
      this.instance = instance;
      this.key = key;
    }

    String name() {
      return instance + " /subscribe/" + key;
    }
  }

  private final SoakTally tally;
  private final List<Stream> streams = new ArrayList<>();
  private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "bench-soak-stream");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).executor(readers).build();
  private volatile boolean closing;

  SoakStreams(SoakTally tally) {
    this.tally = tally;
  }

  /** Opens a stream of {@code key} on the instance, with a token of its own (KCK bounds streams per subject). */
  void open(KckInstance kck, String key, String token) {
    Stream stream = new Stream(kck.name, key);
    streams.add(stream);
    HttpRequest request = HttpRequest.newBuilder(URI.create(kck.url() + "/subscribe/" + key))
        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build();
    readers.execute(() -> read(stream, request));
  }

  int size() {
    return streams.size();
  }

  private void read(Stream stream, HttpRequest request) {
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      stream.body = response.body();
      if (response.statusCode() != 200) {
        tally.error("stream open", stream.name() + ": status " + response.statusCode() + " "
            + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        return;
      }
      readEvents(stream, response.body());
      if (!closing) {
        tally.error("stream ended", stream.name() + ": the server ended it after " + stream.lastVersion);
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        tally.error("stream ended", stream.name() + ": " + e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readEvents(Stream stream, InputStream body) throws IOException {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String event = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:") && "entry".equals(event)) {
          entry(stream, JSON.readTree(line.substring(5).trim()));
        }
      }
    }
  }

  private void entry(Stream stream, JsonNode entry) {
    long version = entry.path("version").asLong(-1);
    if (version <= stream.lastVersion) {
      tally.error("stream version not growing", stream.name() + ": version " + version + " after "
          + stream.lastVersion);
    }
    stream.lastVersion = version;
    stream.lastValue = entry.path("value");
    tally.count(EVENTS);
  }

  /**
   * The streams whose last entry's value is not {@code expected} for their key (a new version that
   * never reached them), as "instance key: value".
   */
  List<String> behind(java.util.function.Function<String, JsonNode> expected) {
    List<String> behind = new ArrayList<>();
    for (Stream stream : streams) {
      java.math.BigDecimal want = SoakTraffic.decimal(expected.apply(stream.key));
      java.math.BigDecimal got = SoakTraffic.decimal(stream.lastValue);
      if (want != null && (got == null || got.compareTo(want) != 0)) {
        behind.add(stream.name() + ": last entry " + got + ", expected " + want.toPlainString());
      }
    }
    return behind;
  }

  @Override
  public void close() {
    closing = true;
    for (Stream stream : streams) {
      InputStream body = stream.body;
      if (body != null) {
        try {
          body.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
    readers.shutdownNow();
  }
}
