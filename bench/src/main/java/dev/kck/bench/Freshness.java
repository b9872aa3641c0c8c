package dev.kck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kck.testing.SseReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The write-side rows: how soon an update is visible (on another instance, to its subscribers), how
 * soon a queued refresh is, and augmentation against recomputation.
 * Each sample starts with PostgreSQL idle (the previous sample's background refreshes finished), so
 * the figures are for one update at a time, not for a backlog.
 */
final class Freshness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GIVE_UP = Duration.ofSeconds(10);
  /** The store that {@link #refreshToOther} renames. */
  private static final int RENAMED_STORE = 9;

  /** Samples in milliseconds; timeouts are samples that never saw the new value within 10 s. */
  record Samples(List<Double> millis, List<Double> fromSendMillis, int timeouts) {}

  private final Http http;
  private final BenchPostgres postgres;
  private final String writer;
  private int sale;
  private int renames;

  Freshness(Http http, BenchPostgres postgres, String writerToken) {
    this.http = http;
    this.postgres = postgres;
    this.writer = writerToken;
  }

  /**
   * POST /update/record_sale for alice on {@code writeTo}, then GET my_purchases/alice on {@code readFrom}
   * in a tight loop until the new sale (its unique amount) is in the list. Measured from the 200 of the
   * update (the guarantee's starting point), and from sending it.
   */
  Samples updateToFresh(KckInstance writeTo, KckInstance readFrom, String aliceToken, int samples) throws Exception {
    String key = readFrom.url() + "/fetch/my_purchases/alice";
    expect(http.get(key, aliceToken), 200, key);
    List<Double> afterOk = new ArrayList<>();
    List<Double> afterSend = new ArrayList<>();
    int timeouts = 0;
    for (int i = 0; i < samples; i++) {
      quiet();
      String amount = nextAmount();
      long sent = System.nanoTime();
      recordSale(writeTo, "alice", amount);
      long ok = System.nanoTime();
      long deadline = ok + GIVE_UP.toNanos();
      boolean seen = false;
      while (!seen && System.nanoTime() < deadline) {
        Http.Response response = http.get(key, aliceToken);
        seen = response.status() == 200 && response.body().contains("\"amount\":" + amount);
      }
      long now = System.nanoTime();
      if (seen) {
        afterOk.add((now - ok) / 1e6);
        afterSend.add((now - sent) / 1e6);
      } else {
        timeouts++;
      }
    }
    return new Samples(afterOk, afterSend, timeouts);
  }

  /**
   * A refresh queued on A until B serves its result: store 9 renamed in PostgreSQL (KCK is not told),
   * POST /refresh/store/9 on A (202: queued), then GET store/9 on B in a tight loop until the new name
   * shows. Timed from sending the refresh. The store's demo name is back at the end.
   */
  Samples refreshToOther(KckInstance a, KckInstance b, String adminToken, int tries) throws Exception {
    String key = b.url() + "/fetch/store/" + RENAMED_STORE;
    String refresh = a.url() + "/refresh/store/" + RENAMED_STORE;
    expect(http.get(key, null), 200, key);
    List<Double> millis = new ArrayList<>();
    try {
      for (int i = 0; i < tries; i++) {
        quiet();
        String name = postgres.renameStore(RENAMED_STORE, "bench " + ++renames);
        long sent = System.nanoTime();
        expect(http.post(refresh, adminToken, ""), 202, "POST /refresh/store/" + RENAMED_STORE);
        long deadline = sent + GIVE_UP.toNanos();
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
          seen = name.equals(nameOf(http.get(key, null)));
        }
        if (seen) {
          millis.add((System.nanoTime() - sent) / 1e6);
        }
      }
    } finally {
      postgres.restoreStoreNames();
    }
    return new Samples(millis, millis, tries - millis.size());
  }

  /**
   * An update on A until a subscriber on B gets it: B serves my_purchases/{customer} and streams it
   * (GET /subscribe, with the kit's SseReader stamping each entry as it arrives); POST
   * /update/record_sale for the customer on A, until an entry with the new sale arrives. Timed from
   * sending the update, since the entry may arrive before the update's 200 does.
   */
  Samples updateToStream(KckInstance a, KckInstance b, String customer, String customerToken, int tries)
      throws Exception {
    String path = "/my_purchases/" + customer;
    expect(http.get(b.url() + "/fetch" + path, customerToken), 200, "GET /fetch" + path);
    List<Double> millis = new ArrayList<>();
    try (SseReader stream = new SseReader(b.url() + "/subscribe" + path, customerToken)) {
      if (awaitEntry(stream, 0, "") < 0) {
        throw new IllegalStateException("no entry on /subscribe" + path + " (status " + stream.status() + ")");
      }
      for (int i = 0; i < tries; i++) {
        quiet();
        int before = stream.entries().size();
        String amount = nextAmount();
        long sent = System.nanoTime();
        recordSale(a, customer, amount);
        int entry = awaitEntry(stream, before, "\"amount\":" + amount);
        if (entry >= 0) {
          millis.add((stream.arrivals().get(entry) - sent) / 1e6);
        }
      }
    }
    return new Samples(millis, millis, tries - millis.size());
  }

  /**
   * Augmentation: POST /update/record_sale, which adds the sale to the cached sales_totals in place;
   * from sending it until GET sales_totals shows one more sale.
   */
  Samples augment(KckInstance kck, String readerToken, int samples) throws Exception {
    String key = kck.url() + "/fetch/sales_totals";
    List<Double> millis = new ArrayList<>();
    int timeouts = 0;
    for (int i = 0; i < samples; i++) {
      long before = salesOf(expect(http.get(key, readerToken), 200, key));
      quiet();
      long sent = System.nanoTime();
      recordSale(kck, "bob", nextAmount());
      long deadline = System.nanoTime() + GIVE_UP.toNanos();
      boolean seen = false;
      while (!seen && System.nanoTime() < deadline) {
        Http.Response response = http.get(key, readerToken);
        seen = response.status() == 200 && salesOf(response) == before + 1;
      }
      if (seen) {
        millis.add((System.nanoTime() - sent) / 1e6);
      } else {
        timeouts++;
      }
    }
    return new Samples(millis, millis, timeouts);
  }

  /**
   * Recomputation: DELETE /cache/sales_totals (kck:admin), then the GET that misses and runs the
   * primer's full scan of sales; the GET is timed, and must say Cache-Status: fwd=miss.
   */
  Samples recompute(KckInstance kck, String adminToken, int samples) throws Exception {
    String key = kck.url() + "/fetch/sales_totals";
    List<Double> millis = new ArrayList<>();
    int notMisses = 0;
    for (int i = 0; i < samples; i++) {
      expect(http.delete(kck.url() + "/cache/sales_totals", adminToken), 204, "DELETE /cache/sales_totals");
      quiet();
      long start = System.nanoTime();
      Http.Response response = expect(http.get(key, adminToken), 200, key);
      double elapsed = (System.nanoTime() - start) / 1e6;
      if (response.header("Cache-Status").contains("miss")) {
        millis.add(elapsed);
      } else {
        notMisses++;
      }
    }
    return new Samples(millis, millis, notMisses);
  }

  private void recordSale(KckInstance kck, String customer, String amount) {
    String body = String.format(Locale.ROOT,
        "{\"store_id\": %d, \"product_id\": %d, \"customer\": \"%s\", \"quantity\": 1, \"amount\": %s}",
        sale % 50 + 1, sale % 500 + 1, customer, amount);
    expect(http.post(kck.url() + "/update/record_sale", writer, body), 200, "POST /update/record_sale");
  }

  /** A unique amount per sale in this run, so the poller knows the new sale when it sees it. */
  private String nextAmount() {
    sale++;
    return String.format(Locale.ROOT, "%d.37", 7000 + sale);
  }

  /**
   * The index of the first entry from {@code from} on that contains {@code text}, waiting up to 10 s;
   * -1 if none came. Looks every millisecond: the reader stamps arrivals, so this costs no precision.
   */
  private static int awaitEntry(SseReader stream, int from, String text) throws InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> entries = stream.entries();
      for (int i = from; i < entries.size(); i++) {
        if (entries.get(i).contains(text)) {
          return i;
        }
      }
      Thread.sleep(1);
    }
    return -1;
  }

  private static String nameOf(Http.Response response) {
    try {
      return response.status() == 200 ? JSON.readTree(response.body()).path("value").path("name").asText() : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private void quiet() throws Exception {
    postgres.awaitQuiet(Duration.ofSeconds(30));
  }

  private static long salesOf(Http.Response response) {
    try {
      JsonNode value = JSON.readTree(response.body()).path("value");
      return value.path("sales").asLong(-1);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  static Http.Response expect(Http.Response response, int status, String what) {
    if (response.status() != status) {
      throw new IllegalStateException(what + ": expected " + status + ", got " + response.status() + " "
          + response.body());
    }
    return response;
  }
}
