package dev.kck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak's Java-client traffic beside wrk's hot fetches, alternating between the instances: a
 * steady trickle of cold fetches (keys never fetched before, so each runs the primer), price updates
 * ({@code POST /update/set_price}, whose refreshes reach the {@code product_price} keys that wrk,
 * the streams and the long polls read), and long polls ({@code If-None-Match} with
 * {@code Prefer: wait=}) on those keys. Every non-2xx answer or exception is an error in the tally.
 */
final class SoakTraffic implements AutoCloseable {
  static final int COLD_PER_SECOND = 4;
  static final int UPDATES_PER_SECOND = 2;
  static final int LONG_POLLS = 20;
  static final int POLL_WAIT_SECONDS = 20;
  /** The cold keys: store_daily_sales of days no other part of the bench fetches. */
  static final LocalDate FIRST_COLD_DAY = LocalDate.of(2019, 1, 1);
  static final String COLD_MISSES = "cold fetches, misses (fwd=miss)";
  static final String COLD_NOT_MISSES = "cold fetches, not misses";
  static final String UPDATES = "updates (200)";
  static final String POLLS_NEW = "long polls answered with a new version (200)";
  static final String POLLS_TIMED_OUT = "long polls that waited it out (304)";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Http http;
  private final List<KckInstance> instances;
  private final SoakTally tally;
  private final String reader;
  private final String catalogWriter;
  private final SigningKey signingKey;
  private final Map<Integer, BigDecimal> originalPrices = new ConcurrentHashMap<>();
  private final Map<Integer, BigDecimal> lastPrices = new ConcurrentHashMap<>();
  private final AtomicInteger coldSent = new AtomicInteger();
  private final AtomicInteger updatesSent = new AtomicInteger();
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(named("bench-soak-tick"));
  private final ExecutorService work = Executors.newCachedThreadPool(named("bench-soak-client"));
  private volatile boolean stopping;

  SoakTraffic(Http http, List<KckInstance> instances, SoakTally tally, SigningKey signingKey, String reader) {
    this.http = http;
    this.instances = instances;
    this.tally = tally;
    this.signingKey = signingKey;
    this.reader = reader;
    this.catalogWriter = signingKey.mint("bench-soak-catalog", "catalog:write");
  }

  /** The price keys the updates change, one per product updated (product_price/1..N). */
  static List<String> priceKeys() {
    List<String> keys = new ArrayList<>();
    for (int product = 1; product <= Soak.PRICED_PRODUCTS; product++) {
      keys.add("product_price/" + product);
    }
    return keys;
  }

  /** Reads (and so caches) every price key, remembering the demo prices that {@link #restorePrices} puts back. */
  void warmPrices() {
    for (int product = 1; product <= Soak.PRICED_PRODUCTS; product++) {
      Http.Response response = Freshness.expect(http.get(instances.get(0).url() + "/fetch/product_price/" + product,
          reader), 200, "product_price/" + product);
      originalPrices.put(product, decimal(json(response.body()).path("value")));
    }
  }

  /** Starts the trickle of cold fetches, the updates and the long polls. */
  void start() {
    ticks.scheduleAtFixedRate(() -> submit("cold fetch", this::coldFetch), 0, 1000 / COLD_PER_SECOND,
        TimeUnit.MILLISECONDS);
    ticks.scheduleAtFixedRate(() -> submit("update", this::update), 0, 1000 / UPDATES_PER_SECOND,
        TimeUnit.MILLISECONDS);
    for (int i = 0; i < LONG_POLLS; i++) {
      KckInstance kck = instances.get(i % instances.size());
      String key = "product_price/" + (i % Soak.PRICED_PRODUCTS + 1);
      String token = signingKey.mint("bench-soak-poll-" + i, "sales:read");
      work.execute(() -> poll(kck, key, token));
    }
  }

  /** Stops the trickle and the updates at once; the long polls end after the wait they are in. */
  void stop() throws InterruptedException {
    stopping = true;
    ticks.shutdownNow();
    work.shutdown();
    if (!work.awaitTermination(POLL_WAIT_SECONDS + 30, TimeUnit.SECONDS)) {
      Log.progress("soak: client requests still running %d s after the end", POLL_WAIT_SECONDS + 30);
    }
  }

  /** The price each updated product was last set to (its key's value once the refreshes are done). */
  JsonNode lastPrice(String key) {
    BigDecimal price = lastPrices.get(Integer.parseInt(key.substring(key.lastIndexOf('/') + 1)));
    return price == null ? null : JSON.getNodeFactory().numberNode(price);
  }

  /** What GET /fetch serves now for the key of a stream named "instance /subscribe/key: ...". */
  String fetchedPrice(String stream) {
    String instance = stream.substring(0, stream.indexOf(' '));
    String key = stream.substring(stream.indexOf("/subscribe/") + "/subscribe/".length(), stream.indexOf(':'));
    KckInstance kck = instances.stream().filter(i -> i.name.equals(instance)).findFirst().orElseThrow();
    try {
      Http.Response response = http.get(kck.url() + "/fetch/" + key, reader);
      return response.status() + " " + response.body();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  /** The demo prices back, through KCK (so its cached prices follow), after the soak. */
  void restorePrices() {
    originalPrices.forEach((product, price) -> Freshness.expect(http.post(instances.get(0).url()
        + "/update/set_price", catalogWriter, priceBody(product, price)), 200, "restoring product " + product));
  }

  private void submit(String kind, Runnable request) {
    work.execute(() -> {
      try {
        request.run();
      } catch (RuntimeException e) {
        tally.error(kind, e.toString());
      }
    });
  }

  /** A never-fetched store_daily_sales key: store n % 50 + 1 on day n / 50 after FIRST_COLD_DAY. */
  private void coldFetch() {
    int n = coldSent.getAndIncrement();
    KckInstance kck = instances.get(n % instances.size());
    String key = "store_daily_sales/" + (n % Soak.STORES + 1) + "/" + FIRST_COLD_DAY.plusDays(n / Soak.STORES);
    Http.Response response = http.get(kck.url() + "/fetch/" + key, reader);
    if (response.status() != 200) {
      tally.error("cold fetch", kck.name + " " + key + ": " + response.status() + " " + response.body());
      return;
    }
    tally.count(response.header("Cache-Status").contains("fwd=miss") ? COLD_MISSES : COLD_NOT_MISSES);
  }

  /** The next product in turn gets a price it never had: 1000.00 plus a cent per update. */
  private void update() {
    int n = updatesSent.getAndIncrement();
    KckInstance kck = instances.get(n % instances.size());
    int product = n % Soak.PRICED_PRODUCTS + 1;
    BigDecimal price = BigDecimal.valueOf(100_000 + n, 2);
    Http.Response response = http.post(kck.url() + "/update/set_price", catalogWriter, priceBody(product, price));
    if (response.status() != 200) {
      tally.error("update", kck.name + " set_price " + product + ": " + response.status() + " " + response.body());
      return;
    }
    lastPrices.put(product, price);
    tally.count(UPDATES);
  }

  /** Long polls of one key in a loop, each naming the version it has, until the soak stops. */
  private void poll(KckInstance kck, String key, String token) {
    String url = kck.url() + "/fetch/" + key;
    String etag = "";
    while (!stopping) {
      try {
        Http.Response response = etag.isEmpty() ? http.get(url, token)
            : http.get(url, token, Map.of("If-None-Match", etag, "Prefer", "wait=" + POLL_WAIT_SECONDS));
        if (response.status() == 304) {
          tally.count(POLLS_TIMED_OUT);
        } else if (response.status() == 200) {
          tally.count(etag.isEmpty() ? "long polls, first fetch" : POLLS_NEW);
          etag = response.header("ETag");
        } else {
          tally.error("long poll", kck.name + " " + key + ": " + response.status() + " " + response.body());
          etag = "";
        }
      } catch (RuntimeException e) {
        tally.error("long poll", kck.name + " " + key + ": " + e);
        etag = "";
        pause(); // an instance that is down must not turn the loop into a busy one
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String priceBody(int product, BigDecimal price) {
    return "{\"product_id\": " + product + ", \"price\": " + price.toPlainString() + "}";
  }

  /** A JSON number or numeric string as a decimal (null for anything else). */
  static BigDecimal decimal(JsonNode node) {
    try {
      return node == null || node.isMissingNode() || node.isNull() ? null : new BigDecimal(node.asText());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    stopping = true;
    ticks.shutdownNow();
    work.shutdownNow();
  }
}
