package dev.kck.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The throughput rows: every target warmed up, then measured in rounds, interleaved (round 1: each
 * target in turn; round 2: the same in reverse order; ...), waiting between runs until PostgreSQL is idle
 * so one target's leftovers do not land in the next one's run. Reports medians over the rounds.
 */
final class LoadPhase {
  /** The rounds of one target. */
  record Measured(Wrk.Target target, List<Wrk.Result> results) {
    double rps() {
      return Stats.median(results.stream().map(Wrk.Result::rps).toList());
    }

    double p50() {
      return Stats.median(results.stream().map(Wrk.Result::p50).toList());
    }

    double p99() {
      return Stats.median(results.stream().map(Wrk.Result::p99).toList());
    }

    double p999() {
      return Stats.median(results.stream().map(Wrk.Result::p999).toList());
    }

    long failures() {
      return results.stream().mapToLong(r -> r.errors() + r.non2xx()).sum();
    }

    /**
     * This target's throughput over another's, round by round (each round measured both within seconds
     * of each other), then the median: steadier than a ratio of medians on a machine whose load drifts.
     */
    double ratioTo(Measured base) {
      if (base == null) {
        return Double.NaN;
      }
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < results.size() && i < base.results().size(); i++) {
        ratios.add(results.get(i).rps() / base.results().get(i).rps());
      }
      return Stats.median(ratios);
    }

    String perRound() {
      return String.join(" / ", results.stream().map(r -> Row.count(r.rps())).toList());
    }
  }

  private final Settings settings;
  private final Wrk wrk;
  private final BenchPostgres postgres;

  LoadPhase(Settings settings, BenchPostgres postgres) {
    this.settings = settings;
    this.wrk = new Wrk(settings);
    this.postgres = postgres;
  }

  /**
   * @param beforeEachRun runs before each measured run of a target (not its warm-up): {@link FreshKeys}
   * @param afterEachRun runs after it (a heap sample, say)
   */
  Map<String, Measured> run(List<Wrk.Target> targets, Consumer<Wrk.Target> beforeEachRun,
      Consumer<Wrk.Target> afterEachRun) throws Exception {
    for (Wrk.Target target : targets) {
      Log.progress("warm-up %s (%d s, %d connections)", target.name(), settings.warmupSeconds(),
          target.connections());
      wrk.run(target, settings.warmupSeconds());
      settle();
    }
    Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
    for (int round = 1; round <= settings.rounds(); round++) {
      // Odd rounds in table order, even rounds reversed: a drift in the machine's load then does not
      // favour the targets that come first, and neighbours (bare and KCK hot) stay neighbours.
      List<Wrk.Target> order = new ArrayList<>(targets);
      if (round % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      for (Wrk.Target target : order) {
        beforeEachRun.accept(target);
        settle();
        Wrk.Result result = wrk.run(target, settings.seconds());
        Log.progress("round %d/%d  %-34s %10s req/s  p50 %s  p99 %s  p99.9 %s  load %s%s", round, settings.rounds(),
            target.name(), Row.count(result.rps()), Row.ms(result.p50() / 1000), Row.ms(result.p99() / 1000),
            Row.ms(result.p999() / 1000), Machine.loadAverage(),
            result.errors() + result.non2xx() > 0
                ? String.format(Locale.ROOT, "  (%d errors, %d non-2xx)", result.errors(), result.non2xx()) : "");
        results.computeIfAbsent(target.name(), name -> new ArrayList<>()).add(result);
        afterEachRun.accept(target);
        settle();
      }
    }
    Map<String, Measured> measured = new LinkedHashMap<>();
    for (Wrk.Target target : targets) {
      measured.put(target.name(), new Measured(target, results.get(target.name())));
    }
    return measured;
  }

  /**
   * The throughput rows, in table order; a target that did not run gets an n/a row with the reason
   * (Cassandra, Varnish) or none at all (a BENCH_ONLY run leaves most of them out).
   */
  static List<Row> rows(Map<String, Measured> measured, String cassandraNote, String varnishNote) {
    Measured bare = measured.get("bare");
    Measured directLight = measured.get("direct SQL light");
    Measured directSlow = measured.get("direct SQL slow aggregate");
    Measured raw = measured.get("raw Jetty");
    Measured varnish = measured.get("Varnish cache hit");
    Measured hot = measured.get("KCK hot");
    List<Row> rows = new ArrayList<>();
    rows.add(row(bare, bare, null, "ceiling: a Javalin 7 route writing KCK's response for the key "
        + "from a map: its body and its caching headers (ETag, Last-Modified, Cache-Control, Cache-Status, Age)"));
    rows.add(row(measured.get("bare, body only"), bare, null, "the same route with the body and content type alone"));
    rows.add(row(raw, bare, null, "a raw Jetty 12 handler (no servlet layer) writing the same bytes as bare"));
    rows.add(varnish == null ? Row.unavailable("Varnish cache hit", varnishNote) : row(varnish, bare, null, varnishNote));
    rows.add(row(hot, bare, directLight, "L1 hits; JWT verified (cached) and scope checked; **vs raw Jetty "
        + Row.ratio(ratio(hot, raw)) + "**, **vs Varnish " + Row.ratio(ratio(hot, varnish)) + "**"));
    Measured baseline = measured.get("KCK hot, baseline jar");
    rows.add(row(baseline, bare, null, "KCK hot's instance from BENCH_BASELINE_JAR, in the same rounds; **vs raw Jetty "
        + Row.ratio(ratio(baseline, raw)) + "**; KCK hot / this: **" + Row.ratio(ratio(hot, baseline)) + "**"));
    rows.add(row(measured.get("KCK L2 postgres"), bare, directLight, "`cache.l1_max_bytes: 0`, postgres store"));
    rows.add(lightLoadRow(measured.get("KCK L2 postgres, light load"), "postgres store"));
    if (measured.containsKey("KCK L2 cassandra")) {
      rows.add(row(measured.get("KCK L2 cassandra"), bare, directLight, "`cache.l1_max_bytes: 0`, cassandra store"));
      rows.add(lightLoadRow(measured.get("KCK L2 cassandra, light load"), "cassandra store"));
    } else if (cassandraNote != null) {
      rows.add(Row.unavailable("KCK L2 cassandra", cassandraNote));
      rows.add(Row.unavailable("KCK L2 cassandra, light load", cassandraNote));
    }
    rows.add(row(measured.get("direct SQL light"), bare, null,
        "Javalin + HikariCP (10 connections): the product's SQL and a JWT check on every request"));
    rows.add(row(measured.get("KCK hot slow aggregate"), null, directSlow, "key `sales_summary`, L1 hits"));
    rows.add(row(measured.get("direct SQL slow aggregate"), null, null,
        "the 1M-row aggregate on every request"));
    rows.removeIf(java.util.Objects::isNull);
    return rows;
  }

  /** The hot rows' throughput round by round, one line a server: bench/results/hot-rounds.png. */
  static void hotRoundsChart(Map<String, Measured> measured, java.nio.file.Path file) throws java.io.IOException {
    Chart chart = new Chart("Hot path: requests per second by round", "round", "requests per second");
    for (String name : List.of("raw Jetty", "KCK hot", "Varnish cache hit", "KCK hot, baseline jar", "bare")) {
      Measured m = measured.get(name);
      for (int i = 0; m != null && i < m.results().size(); i++) {
        chart.point(name, i + 1, m.results().get(i).rps());
      }
    }
    chart.write(file);
  }

  private static double ratio(Measured m, Measured base) {
    return m == null ? Double.NaN : m.ratioTo(base);
  }

  /** No 'vs' columns: a ratio to a row measured over 32 connections would say nothing. */
  private static Row lightLoadRow(Measured m, String store) {
    if (m == null) {
      return null;
    }
    int connections = m.target().connections();
    return row(m, null, null, "`cache.l1_max_bytes: 0`, " + store + "; **" + connections + " connection"
        + (connections == 1 ? "" : "s") + "**, 1 wrk thread: L2 hits that rarely wait for each other");
  }

  private static Row row(Measured m, Measured bare, Measured direct, String notes) {
    if (m == null) {
      return null;
    }
    String failures = m.failures() > 0 ? "; **" + m.failures() + " errors or non-2xx responses**" : "";
    return new Row(m.target().name(), Row.count(m.rps()), Row.ratio(m.ratioTo(bare)), Row.ratio(m.ratioTo(direct)),
        Row.ms(m.p50() / 1000), Row.ms(m.p99() / 1000), Row.ms(m.p999() / 1000),
        notes + "; req/s by round: " + m.perRound() + failures);
  }

  private void settle() throws Exception {
    if (!postgres.awaitQuiet(java.time.Duration.ofSeconds(15))) {
      Log.progress("PostgreSQL still busy after 15 s; going on");
    }
  }
}
