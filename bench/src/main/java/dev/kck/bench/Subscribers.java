package dev.kck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subscriber curve (issue 15, item 2): N live clients on one instance, spread over the keys of
 * {@code bench_live}, half SSE streams and half long polls, all held by one {@link LiveClients}; then one
 * {@code POST /update/bench_live_bump} changes every key, and each client's delay from the update's
 * 200 to its new version is measured. Memory per subscriber: heap after a full GC and RSS with the N
 * held, minus the same with none, over N.
 */
final class Subscribers {
  /** Clients opened at a time before waiting for the server to hold them (its accept queue is 4096). */
  private static final int OPEN_STEP = 500;
  private static final long DELIVERY_TIMEOUT_NANOS = 30_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One size's figures; delays in ms from the update's 200 (and from sending it). */
  record Point(int requested, int clients, int delivered, int failures, List<Double> fromOk, List<Double> fromSend,
      double heapPerClient, double rssPerClient, int refreshed, double drainMillis, List<String> failureSamples) {}

  private final Http http;
  private final KckInstance kck;
  private final RefreshQueue queue;
  private final String token;
  private final int keys;
  private final long[] versions;

  Subscribers(Http http, KckInstance kck, String token, String admin, int keys) {
    this.http = http;
    this.kck = kck;
    this.queue = new RefreshQueue(http, kck, admin);
    this.token = token;
    this.keys = keys;
    this.versions = new long[keys + 1];
  }

  List<Point> run(List<Integer> sizes) throws Exception {
    List<Point> points = new ArrayList<>();
    for (int requested : sizes) {
      int clients = Math.min(requested, FileLimit.clientsAllowed());
      readVersions();
      points.add(measure(requested, clients));
    }
    return points;
  }

  private Point measure(int requested, int clients) throws Exception {
    awaitLive(0, 0);
    Heap idle = Heap.afterFullGc(kck, http);
    try (LiveClients live = new LiveClients(kck.url(), token, clients)) {
      open(live, clients);
      Heap held = Heap.afterFullGc(kck, http);
      long sent = System.nanoTime();
      Http.Response update = Freshness.expect(http.post(kck.url() + "/update/bench_live_bump", token, "{}"), 200,
          "POST /update/bench_live_bump");
      long ok = System.nanoTime();
      int refreshed = JSON.readTree(update.body()).path("refreshing_total").asInt(-1);
      double drainMillis = (awaitDelivery(live, clients, ok) - ok) / 1e6;
      List<Double> fromOk = new ArrayList<>();
      List<Double> fromSend = new ArrayList<>();
      for (long arrival : live.arrivals()) {
        if (arrival != 0) {
          fromOk.add((arrival - ok) / 1e6);
          fromSend.add((arrival - sent) / 1e6);
        }
      }
      Point point = new Point(requested, clients, fromOk.size(), live.failures(), fromOk, fromSend,
          (double) (held.heapBytes() - idle.heapBytes()) / clients, (held.rssKb() - idle.rssKb()) * 1024.0 / clients,
          refreshed, drainMillis, live.failureSamples());
      Log.progress("subscribers %d: %d delivered, p99 %s from the update's 200, heap %.1f KB each", clients,
          point.delivered(), Row.ms(Stats.percentile(fromOk, 99)), point.heapPerClient() / 1024);
      return point;
    }
  }

  /** Every key once, so each is cached and its version known; the clients wait for a newer one. */
  private void readVersions() {
    for (int key = 1; key <= keys; key++) {
      Http.Response response = Freshness.expect(http.get(kck.url() + "/fetch/" + key(key), token), 200,
          "GET /fetch/" + key(key));
      versions[key] = LiveClients.versionIn(response.body());
    }
  }

  /** Even clients stream, odd ones long-poll; client i watches key i mod keys. */
  private void open(LiveClients live, int clients) throws Exception {
    int streams = 0;
    int polls = 0;
    for (int i = 0; i < clients; i++) {
      int key = i % keys + 1;
      if (i % 2 == 0) {
        live.stream(i, key(key), versions[key]);
        streams++;
      } else {
        live.poll(i, key(key), versions[key]);
        polls++;
      }
      if ((i + 1) % OPEN_STEP == 0 || i + 1 == clients) {
        if (!awaitLive(streams, polls)) {
          Log.progress("subscribers: KCK does not hold them all after %d opened; %d client failures, e.g. %s", i + 1,
              live.failures(), live.failureSamples());
        }
      }
    }
    Log.progress("subscribers: %d streams and %d long polls opened, %d failures", streams, polls, live.failures());
  }

  /**
   * Until the instance's gauges show the streams and long polls (at least that many, exactly zero when
   * waiting for none), at most 60 s; false when they never did (the rows then show the shortfall). A held poll is briefly not counted while it is answered and sent again (every
   * {@link LiveClients#WAIT_SECONDS} s), hence the tolerance of one step.
   */
  private boolean awaitLive(int streams, int polls) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    double heldStreams = -1;
    double heldPolls = -1;
    while (System.nanoTime() < deadline) {
      PrometheusText metrics = kck.metrics(http);
      heldStreams = metrics.sum("kck_live_streams", "");
      heldPolls = metrics.sum("kck_live_waiters", "");
      boolean none = streams == 0 && polls == 0;
      if (none ? heldStreams == 0 && heldPolls == 0
          : heldStreams >= streams && heldPolls >= Math.max(0, polls - OPEN_STEP)) {
        return true;
      }
      Thread.sleep(100);
    }
    Log.progress("KCK holds %.0f streams and %.0f long polls after 60 s, not %d and %d", heldStreams, heldPolls,
        streams, polls);
    return false;
  }

  /**
   * Until every client has the new version (or 30 s pass), watching the refresh queue meanwhile:
   * delivery cannot come before the key's refresh, so the queue's drain is the floor under it.
   * @return the nanoTime the queue was first seen drained
   */
  private long awaitDelivery(LiveClients live, int clients, long from) throws InterruptedException {
    long drainedAt = 0;
    while ((live.arrived() < clients || drainedAt == 0) && System.nanoTime() - from < DELIVERY_TIMEOUT_NANOS) {
      long now = System.nanoTime();
      if (drainedAt == 0 && drainedNow()) {
        drainedAt = now;
      }
      Thread.sleep(20);
    }
    return drainedAt;
  }

  /** A queue look that fails (the instance too busy to answer within 60 s) is a look that saw no drain. */
  private boolean drainedNow() {
    try {
      return queue.drained();
    } catch (IllegalStateException e) {
      Log.progress("subscribers: %s", e.getMessage());
      return false;
    }
  }

  private static String key(int id) {
    return "bench_live/" + id;
  }

  /** The table, the two charts and what limits the row. */
  static String markdown(List<Point> points, int keys, Path results) throws IOException {
    Chart delivery = new Chart("Delivery of one update to every subscriber", "subscribers", "ms from the update's 200");
    Chart memory = new Chart("Memory per subscriber", "subscribers", "KB per subscriber");
    StringBuilder out = new StringBuilder("""

        ### Live clients: one update delivered to N subscribers

        | subscribers | delivered | p50 | p99 | max | p99 from sending | 200 to refresh queue drained | heap per subscriber | RSS per subscriber | keys refreshed | failures |
        |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        """);
    for (Point p : points) {
      double p99 = Stats.percentile(p.fromOk(), 99);
      delivery.point("p99", p.clients(), p99).point("p50", p.clients(), Stats.percentile(p.fromOk(), 50))
          .point("refresh queue drained", p.clients(), p.drainMillis() < 0 ? Double.NaN : p.drainMillis());
      memory.point("heap after full GC", p.clients(), p.heapPerClient() / 1024)
          .point("RSS", p.clients(), p.rssPerClient() / 1024);
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.1f KB | %.1f KB | %d | %d%s |%n",
          Row.count(p.clients()) + (p.clients() < p.requested() ? " (of " + Row.count(p.requested()) + ")" : ""),
          Row.count(p.delivered()), Row.ms(Stats.percentile(p.fromOk(), 50)), Row.ms(p99),
          Row.ms(Stats.percentile(p.fromOk(), 100)), Row.ms(Stats.percentile(p.fromSend(), 99)),
          p.drainMillis() < 0 ? "not within 30 s" : Row.ms(p.drainMillis()), p.heapPerClient() / 1024, p.rssPerClient() / 1024, p.refreshed(), p.failures(),
          p.failureSamples().isEmpty() ? "" : " (" + String.join("; ", p.failureSamples()) + ")"));
    }
    Files.createDirectories(results);
    delivery.write(results.resolve("subscribers-delivery.png"));
    memory.write(results.resolve("subscribers-memory.png"));
    out.append(String.format(Locale.ROOT, """

        Half the subscribers hold `GET /subscribe/bench_live/{id}` streams, half long polls (`GET /fetch` with \
        `If-None-Match` and `Prefer: wait=%d`, polled again after each 304), spread evenly over %d keys, all held by \
        Java's HttpClient on two threads in the driver. One `POST /update/bench_live_bump` changes every key; a \
        subscriber is delivered when it has an entry with a newer version. Delays are from the update's 200 (an \
        entry may arrive before the 200 does: negative delays are kept). Memory: heap after two full GCs (jcmd \
        GC.run) and RSS with the subscribers held, minus the same with none, over N. Fewer subscribers than asked \
        means the process's open-file limit (`ulimit -n`, %d here) left no room: every subscriber is a socket on \
        both sides.

        ![Delivery p99 against subscribers](bench/results/subscribers-delivery.png)
        ![Memory per subscriber](bench/results/subscribers-memory.png)
        """, LiveClients.WAIT_SECONDS, keys, FileLimit.openFiles()));
    return out.toString();
  }
}
