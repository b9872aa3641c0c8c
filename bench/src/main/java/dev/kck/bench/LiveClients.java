package dev.kck.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thousands of live clients held open on two threads: SSE streams ({@code GET /subscribe/KEY}) and long
 * polls ({@code GET /fetch/KEY} with {@code If-None-Match} and {@code Prefer: wait}), each with
 * Java's HttpClient and asynchronous bodies, so a client costs a socket and a few objects, not a
 * thread. Each client waits for a version of its key newer than the one it started from and stamps
 * the moment it arrives ({@link #arrivals}, nanoTime, 0 while not arrived).
 */
final class LiveClients implements AutoCloseable {
  /** Below the server's idle timeout (30 s), which would otherwise cut a held poll off. */
  static final int WAIT_SECONDS = 20;
  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

  private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "bench-live");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(30)).executor(threads).build();
  private final String baseUrl;
  private final String token;
  private final AtomicLongArray arrivals;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger pollsInFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> failureSamples = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Flow.Subscription> streams = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  LiveClients(String baseUrl, String token, int clients) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.arrivals = new AtomicLongArray(clients);
  }

  /** Client {@code index} streams {@code key}, waiting for a version above {@code from}. */
  void stream(int index, String key, long from) {
    HttpRequest request = request("/subscribe/" + key).header("Accept", "text/event-stream").GET().build();
    client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(index, from)))
        .whenComplete((response, error) -> {
          if (!closed && (error != null || response.statusCode() != 200)) {
            fail(index, error != null ? error.toString() : "stream status " + response.statusCode());
          }
        });
  }

  /** Client {@code index} long-polls {@code key} from version {@code from}, again after each 304. */
  void poll(int index, String key, long from) {
    HttpRequest request = request("/fetch/" + key).header("If-None-Match", "\"" + from + "\"")
        .header("Prefer", "wait=" + WAIT_SECONDS).GET().build();
    pollsInFlight.incrementAndGet();
    client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      pollsInFlight.decrementAndGet();
      if (closed) {
        return;
      }
      if (error != null) {
        fail(index, error.toString());
      } else if (response.statusCode() == 304) {
        poll(index, key, from);
      } else if (response.statusCode() == 200 && versionIn(response.body()) > from) {
        arrivals.compareAndSet(index, 0, System.nanoTime());
      } else {
        fail(index, "poll status " + response.statusCode());
      }
    });
  }

  long[] arrivals() {
    long[] copy = new long[arrivals.length()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = arrivals.get(i);
    }
    return copy;
  }

  int arrived() {
    int count = 0;
    for (int i = 0; i < arrivals.length(); i++) {
      count += arrivals.get(i) != 0 ? 1 : 0;
    }
    return count;
  }

  int failures() {
    return failures.get();
  }

  List<String> failureSamples() {
    return List.copyOf(failureSamples);
  }

  static long versionIn(String entryJson) {
    Matcher matcher = VERSION.matcher(entryJson);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
  }

  /**
   * Cancels every stream (closing its connection) and waits for the polls still held to end with their
   * wait (Java 17's HttpClient cannot be closed), so that the two threads can go.
   */
  @Override
  public void close() {
    closed = true;
    streams.forEach(Flow.Subscription::cancel);
    long deadline = System.nanoTime() + (WAIT_SECONDS + 10) * 1_000_000_000L;
    while (pollsInFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    threads.shutdown();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofMinutes(30));
  }

  private void fail(int index, String why) {
    if (failures.incrementAndGet() <= 5) {
      failureSamples.add("client " + index + ": " + why);
    }
  }

  /** An SSE stream's lines: stamps the first {@code data:} line whose entry is newer than {@code from}. */
  private final class Lines implements Flow.Subscriber<String> {
    private final int index;
    private final long from;

    Lines(int index, long from) {
      this.index = index;
      this.from = from;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      streams.add(subscription);
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("data:") && versionIn(line) > from) {
        arrivals.compareAndSet(index, 0, System.nanoTime());
      }
    }

    @Override
    public void onError(Throwable error) {
      if (!closed) {
        fail(index, "stream ended: " + error);
      }
    }

    @Override
    public void onComplete() {
      if (!closed && arrivals.get(index) == 0) {
        fail(index, "stream ended before the new version");
      }
    }
  }
}
