package dev.kck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/**
 * One instance's refresh queue, through the admin API: fills a curve product's keys with
 * {@code POST /admin/warm/{product}} (the refresh workers compute them) and waits until
 * {@code GET /admin/queue} shows nothing queued or claimed.
 */
final class RefreshQueue {
  /** Rows per warm request: 20,000 {"id": n} rows stay under the server's 1MB max_body. */
  private static final int WARM_CHUNK = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Http http;
  private final KckInstance kck;
  private final String admin;

  RefreshQueue(Http http, KckInstance kck, String adminToken) {
    this.http = http;
    this.kck = kck;
    this.admin = adminToken;
  }

  /** Queues keys {@code product/from .. product/to} and waits for the workers to cache them all. */
  void fill(String product, int from, int to, Duration timeout) throws Exception {
    for (int start = from; start <= to; start += WARM_CHUNK) {
      StringBuilder rows = new StringBuilder("[");
      for (int id = start; id <= Math.min(to, start + WARM_CHUNK - 1); id++) {
        rows.append(id == start ? "" : ",").append("{\"id\":").append(id).append('}');
      }
      Freshness.expect(http.post(kck.url() + "/admin/warm/" + product, admin, rows.append(']').toString()), 202,
          "POST /admin/warm/" + product);
    }
    awaitDrained(timeout);
  }

  /** Waits until nothing is queued or claimed; @return the nanoTime it saw that */
  long awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long now = System.nanoTime();
      if (drained()) {
        return now;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the refresh queue of " + kck.name + " was not drained within " + timeout);
  }

  /** Nothing queued or claimed now. */
  boolean drained() {
    try {
      JsonNode queue = JSON.readTree(Freshness.expect(http.get(kck.url() + "/admin/queue", admin), 200,
          "GET /admin/queue").body());
      return queue.path("depth").asLong(-1) == 0 && queue.path("claimed").isEmpty();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("GET /admin/queue: " + e, e);
    }
  }
}
