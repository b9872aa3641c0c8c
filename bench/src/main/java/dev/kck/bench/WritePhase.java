package dev.kck.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The write-side rows: update to fresh on another instance, augmentation against recomputation, a
 * new version on one instance reaching another (run early, while few keys of products reading
 * {@code sales} are cached), and the cost of an update's fan-out once many are (run last).
 */
final class WritePhase {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Settings settings;
  private final Freshness freshness;
  private final Http http;
  private final BenchPostgres postgres;
  private final String writer;
  private final String alice;
  private final String reader;
  private final String admin;
  private final String grace;

  WritePhase(Settings settings, Http http, BenchPostgres postgres, SigningKey signingKey) {
    this.settings = settings;
    this.http = http;
    this.postgres = postgres;
    this.writer = signingKey.mint("bench-writer", "sales:write");
    this.alice = signingKey.mint("alice", "sales:read");
    this.reader = signingKey.mint("bench-reader", "sales:read");
    this.admin = signingKey.mint("bench-admin", "kck:admin sales:read");
    this.grace = signingKey.mint("grace", "");
    this.freshness = new Freshness(http, postgres, writer);
  }

  private static final String AUGMENTED = "outcome=\"applied\",product=\"sales_totals\"";
  private static final String RECOMPUTED = "outcome=\"ok\",product=\"sales_totals\"";

  /** Update to fresh, then augment and recompute, interleaved by round. */
  List<Row> freshnessRows(KckInstance a, KckInstance b) throws Exception {
    Log.progress("write side: warming up (discarded samples)");
    freshness.updateToFresh(a, b, alice, 3);
    freshness.augment(a, reader, 2);
    freshness.recompute(a, admin, 2);
    List<Double> fresh = new ArrayList<>();
    List<Double> freshFromSend = new ArrayList<>();
    List<Double> augment = new ArrayList<>();
    List<Double> recompute = new ArrayList<>();
    int freshTimeouts = 0;
    int augmentTimeouts = 0;
    int notMisses = 0;
    List<Double> augmentInPlace = new ArrayList<>();
    List<Double> primerRuns = new ArrayList<>();
    for (int round = 1; round <= settings.rounds(); round++) {
      Freshness.Samples f = freshness.updateToFresh(a, b, alice, settings.updateSamples());
      KckTimer augmentBefore = KckTimer.read(http, a, "kck_augment_runs", AUGMENTED);
      Freshness.Samples aug = freshness.augment(a, reader, settings.augmentSamples());
      augmentInPlace.add(KckTimer.read(http, a, "kck_augment_runs", AUGMENTED).meanMillisSince(augmentBefore));
      KckTimer primerBefore = KckTimer.read(http, a, "kck_primer_runs", RECOMPUTED);
      Freshness.Samples rec = freshness.recompute(a, admin, settings.augmentSamples());
      primerRuns.add(KckTimer.read(http, a, "kck_primer_runs", RECOMPUTED).meanMillisSince(primerBefore));
      fresh.addAll(f.millis());
      freshFromSend.addAll(f.fromSendMillis());
      augment.addAll(aug.millis());
      recompute.addAll(rec.millis());
      freshTimeouts += f.timeouts();
      augmentTimeouts += aug.timeouts();
      notMisses += rec.timeouts();
      Log.progress("round %d/%d  update to fresh p50 %s p99 %s (%d timeouts); augment p50 %s; recompute p50 %s",
          round, settings.rounds(), Row.ms(Stats.percentile(f.millis(), 50)), Row.ms(Stats.percentile(f.millis(), 99)),
          f.timeouts(), Row.ms(Stats.median(aug.millis())), Row.ms(Stats.median(rec.millis())));
    }
    List<Row> rows = new ArrayList<>();
    rows.add(Row.latencies("update to fresh", fresh, String.format(Locale.ROOT,
        "POST /update/record_sale on A, then GET my_purchases/alice on B in a tight loop until the sale shows; "
            + "timed from the update's 200; %d samples; from sending the update: p50 %s, p99 %s%s",
        fresh.size(), Row.ms(Stats.percentile(freshFromSend, 50)), Row.ms(Stats.percentile(freshFromSend, 99)),
        freshTimeouts > 0 ? "; **" + freshTimeouts + " not fresh within 10 s**" : "")));
    double ratio = Stats.median(recompute) / Stats.median(augment);
    rows.add(Row.latencies("augment sales_totals", augment, String.format(Locale.ROOT,
        "from sending POST /update/record_sale (insert, then add in place) until GET sales_totals on A shows it; "
            + "%d samples; **recompute / augment = %s** (medians)%s", augment.size(), Row.ratio(ratio),
        augmentTimeouts > 0 ? "; **" + augmentTimeouts + " not visible within 10 s**" : "")));
    rows.add(Row.latencies("recompute sales_totals", recompute, String.format(Locale.ROOT,
        "DELETE /cache/sales_totals, then the GET that misses and counts 1M sales rows (timed); %d samples%s",
        recompute.size(), notMisses > 0 ? "; " + notMisses + " GETs were not misses and are left out" : "")));
    rows.add(inPlaceRow(augmentInPlace, primerRuns));
    return rows;
  }

  /**
   * A new version made on A reaching B, A and B sharing {@code store} (what FreshnessLatencyIT
   * measured before it moved here): a queued refresh until B serves it, and an update until B's
   * subscriber gets it. Not in rounds: BENCH_FRESHNESS_TRIES tries per row, after three discarded.
   */
  List<Row> propagationRows(String store, KckInstance a, KckInstance b) throws Exception {
    Log.progress("propagation %s -> %s (%s store): warming up (discarded samples)", a.name, b.name, store);
    freshness.refreshToOther(a, b, admin, 3);
    freshness.updateToStream(a, b, "grace", grace, 3);
    Freshness.Samples refresh = freshness.refreshToOther(a, b, admin, settings.freshnessTries());
    Freshness.Samples stream = freshness.updateToStream(a, b, "grace", grace, settings.freshnessTries());
    Log.progress("propagation, %s store: refresh p50 %s p99 %s; update to SSE p50 %s p99 %s", store,
        Row.ms(Stats.percentile(refresh.millis(), 50)), Row.ms(Stats.percentile(refresh.millis(), 99)),
        Row.ms(Stats.percentile(stream.millis(), 50)), Row.ms(Stats.percentile(stream.millis(), 99)));
    return List.of(
        propagationRow(refreshRow(store), refresh, "store/9 renamed in PostgreSQL, POST /refresh/store/9 "
            + "on A (202), then GET store/9 on B in a tight loop until the new name shows"),
        propagationRow(streamRow(store), stream, "POST /update/record_sale for grace on A, until the "
            + "sale arrives on a /subscribe/my_purchases/grace stream open on B"));
  }

  /** The propagation rows of a store this run has no instances on. */
  static List<Row> propagationUnavailable(String store, String why) {
    return List.of(Row.unavailable(refreshRow(store), why), Row.unavailable(streamRow(store), why));
  }

  private static String refreshRow(String store) {
    return "refresh on A -> new value on B, " + store + " store";
  }

  private static String streamRow(String store) {
    return "update on A -> SSE on B, " + store + " store";
  }

  private static Row propagationRow(String name, Freshness.Samples samples, String how) {
    return Row.latencies(name, samples.millis(), String.format(Locale.ROOT,
        "%s; timed from sending the request; %d tries, max %s%s", how, samples.millis().size(),
        Row.ms(Stats.percentile(samples.millis(), 100)),
        samples.timeouts() > 0 ? "; **" + samples.timeouts() + " not seen within 10 s**" : ""));
  }

  /**
   * The work itself, from KCK's own timers on A: the in-place step (read the stored value, add the
   * sale, compare-and-set a new version, announce it) against the primer's run over 1M rows (its
   * store write not even counted). Mean per round; the row shows the median round.
   */
  private static Row inPlaceRow(List<Double> augmentMillis, List<Double> primerMillis) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < augmentMillis.size(); i++) {
      ratios.add(primerMillis.get(i) / augmentMillis.get(i));
    }
    return Row.text("augment vs recompute, KCK's work", String.format(Locale.ROOT,
        "KCK's timers on A (kck_augment_runs vs kck_primer_runs of sales_totals), mean per round: in place "
            + "%s, primer %s; **recompute / augment = %s** (median of the rounds' ratios; by round: %s)",
        Row.ms(Stats.median(augmentMillis)), Row.ms(Stats.median(primerMillis)), Row.ratio(Stats.median(ratios)),
        ratios.stream().map(Row::ratio).reduce((x, y) -> x + " / " + y).orElse("")));
  }

  /** POST /update latency once the load rows have cached hundreds of keys of products reading sales. */
  Row fanOutRow(KckInstance a) throws Exception {
    List<Double> millis = new ArrayList<>();
    int refreshing = 0;
    int samples = Math.max(5, settings.rounds() * 2);
    for (int i = 0; i < samples; i++) {
      postgres.awaitQuiet(Duration.ofSeconds(60));
      long start = System.nanoTime();
      Http.Response response = Freshness.expect(http.post(a.url() + "/update/record_sale", writer,
          "{\"store_id\": 1, \"product_id\": 1, \"customer\": \"carol\", \"quantity\": 1, \"amount\": 1.00}"),
          200, "POST /update/record_sale");
      millis.add((System.nanoTime() - start) / 1e6);
      refreshing = Math.max(refreshing, JSON.readTree(response.body()).path("refreshing").size());
    }
    Log.progress("POST /update with %d keys to refresh: p50 %s", refreshing, Row.ms(Stats.percentile(millis, 50)));
    return Row.latencies("POST /update, large fan-out", millis, String.format(Locale.ROOT,
        "POST /update/record_sale on A after the load rows: its response names %d keys to refresh (every cached "
            + "key of a product that reads sales); %d samples", refreshing, millis.size()));
  }
}
