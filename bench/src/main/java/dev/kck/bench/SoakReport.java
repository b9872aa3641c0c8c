package dev.kck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The soak's Markdown: what ran, the errors, the verdicts, then each instance's samples as a time series. */
final class SoakReport {
  /** Which samples the time series shows. */
  enum Series {
    /** One line a minute per instance, plus the first and the last sample: for the main report. */
    PER_MINUTE,
    /** Every sample (every 10 s): for bench/results/soak.md. */
    EVERY_SAMPLE
  }

  private SoakReport() {}

  static String markdown(Soak.Outcome outcome, Settings settings, Series series) {
    StringBuilder out = new StringBuilder("\n## Soak\n\n");
    long errors = totalErrors(outcome);
    List<SoakFlatness.Verdict> verdicts = SoakFlatness.judge(outcome);
    long notFlat = verdicts.stream().filter(v -> !v.flat()).count();
    out.append(String.format(Locale.ROOT, "**%s: %d errors (acceptance: 0); %d of %d verdicts flat.**%n%n",
        errors == 0 && notFlat == 0 ? "Passed" : "Not passed", errors, verdicts.size() - notFlat, verdicts.size()));
    table(out, List.of("traffic", "value"), traffic(outcome, settings));
    table(out, List.of("errors", "count", "first examples"), errorLines(outcome));
    table(out, List.of("gauge", "instance", "first minute (max)", "last minute (max)", "max", "rule", "verdict"),
        verdicts.stream().map(v -> List.of(v.metric(), v.instance(), v.first(), v.last(), v.max(), v.rule(),
            v.flat() ? "flat" : "**not flat**")).toList());
    table(out, List.of("t", "instance", "live heap after GC", "heap used", "threads", "fds", "PG sessions (active)",
        "queue", "source / store up", "L1 bytes", "RSS"), series(outcome, series));
    notes(outcome, settings).forEach(note -> out.append("- ").append(note).append('\n'));
    return out.toString();
  }

  private static void table(StringBuilder out, List<String> header, List<List<String>> lines) {
    out.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> out.append("---|"));
    out.append('\n');
    lines.forEach(line -> out.append("| ").append(String.join(" | ", line)).append(" |\n"));
    out.append('\n');
  }

  private static long totalErrors(Soak.Outcome outcome) {
    long wrk = outcome.paced().values().stream().mapToLong(r -> r.errors() + r.non2xx()).sum();
    return wrk + outcome.tally().errors().values().stream().mapToLong(Long::longValue).sum();
  }

  private static List<List<String>> traffic(Soak.Outcome outcome, Settings settings) {
    SoakHotLoad.Pacing pacing = outcome.pacing();
    List<List<String>> lines = new ArrayList<>();
    lines.add(List.of("instances", String.join(", ", outcome.instances()) + ": " + outcome.store() + " store, "
        + "`cache.l1_max_bytes: " + settings.soakL1Bytes() + "`, " + String.join(" ", Soak.JVM_OPTIONS)));
    lines.add(List.of("hot: peak (plain wrk on both, " + SoakHotLoad.PEAK_SECONDS + " s, " + pacing.connections()
        + " connections)", Row.count(pacing.peakRps()) + " req/s"));
    lines.add(List.of("hot: target (" + Math.round(SoakHotLoad.LOAD_FRACTION * 100) + "% of peak)",
        String.format(Locale.ROOT, "%s req/s: delay() %d ms after each response", Row.count(pacing.targetRps()),
            pacing.delayMillis())));
    double achieved = SoakHotLoad.totalRps(outcome.paced());
    lines.add(List.of("hot: achieved, both", String.format(Locale.ROOT, "%s req/s (%.0f%% of target)",
        Row.count(achieved), 100 * achieved / pacing.targetRps())));
    outcome.paced().forEach((name, r) -> lines.add(List.of("hot on " + name + ": req/s, p50 / p99 / p99.9, "
        + "non-2xx / socket errors", String.format(Locale.ROOT, "%s over %.0f s; %s / %s / %s; %d / %d",
        Row.count(r.rps()), r.seconds(), Row.ms(r.p50() / 1000), Row.ms(r.p99() / 1000), Row.ms(r.p999() / 1000),
        r.non2xx(), r.errors()))));
    outcome.tally().counts().forEach((what, count) -> lines.add(List.of(what, Row.count(count))));
    outcome.tally().notes().forEach(note -> lines.add(List.of("streams showed every last price", note)));
    lines.add(List.of("streams held", outcome.streams() + " (`GET /subscribe/product_price/1..50`, each on both instances)"));
    lines.add(List.of("load average: start / middle / end", String.join(" / ", outcome.loadAverages())));
    return lines;
  }

  private static List<List<String>> errorLines(Soak.Outcome outcome) {
    List<List<String>> lines = new ArrayList<>();
    outcome.paced().forEach((name, r) -> lines.add(List.of("wrk on " + name + ": non-2xx / socket errors",
        r.non2xx() + " / " + r.errors(), "")));
    Map<String, Long> errors = outcome.tally().errors();
    errors.forEach((kind, count) -> lines.add(List.of("**" + kind + "**", "**" + count + "**",
        String.join("; ", outcome.tally().examples(kind)).replace("|", "\\|").replace("\n", " "))));
    if (errors.isEmpty()) {
      lines.add(List.of("Java clients (cold fetches, updates, long polls, streams)", "0", ""));
    }
    return lines;
  }

  private static List<List<String>> series(Soak.Outcome outcome, Series series) {
    List<List<String>> lines = new ArrayList<>();
    List<SoakSampler.Sample> first = outcome.samples().get(outcome.instances().get(0));
    for (int i = 0; i < first.size(); i++) {
      long t = first.get(i).elapsedSeconds();
      if (series == Series.EVERY_SAMPLE || t % 60 == 0 || i == 0 || i == first.size() - 1) {
        for (String instance : outcome.instances()) {
          outcome.samples().get(instance).stream().filter(s -> s.elapsedSeconds() == t).findFirst()
              .ifPresent(s -> lines.add(line(instance, s)));
        }
      }
    }
    return lines;
  }

  private static List<String> line(String instance, SoakSampler.Sample s) {
    return List.of(s.elapsedSeconds() + " s", instance, mib(s.liveHeapBytes()), mib(s.heapUsedBytes()),
        count(s.threads()), Long.toString(s.fileDescriptors()), s.sessions() + " (" + s.activeSessions() + ")",
        count(s.queueDepth()), count(s.sourceUp()) + " / " + count(s.storeUp()), mib(s.l1Bytes()),
        mib(s.rssKb() * 1024.0));
  }

  private static List<String> notes(Soak.Outcome outcome, Settings settings) {
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "Two KCK instances sharing the cache store and PostgreSQL, each with a "
            + "small L1 (so it evicts and reads the store all the time) and a small heap (which a leak would fill "
            + "sooner), under four kinds of traffic at once for %d s, spread over both. **Hot**: one wrk per "
            + "instance (%d connections each) rotating over %,d keys (`store_daily_sales/1..%d/%s..%s` and "
            + "`product_price/1..%d`), each fetched once before a %d s plain run (past `fresh_for`) and the peak run, "
            + "then paced with wrk's delay() (two %d s paced runs measured the response time first and shortened "
            + "the pause by it). **Cold**: %d fetches a second of `store_daily_sales` keys never fetched before "
            + "(days from %s), each a miss that runs the primer. **Updates**: %d `POST /update/set_price` a second, "
            + "each product in turn getting a price it never had; `set_price` refreshes `product_price/:id`, and "
            + "every cached key of the products that read `products` (all 50 price keys) is refreshed too. "
            + "**Subscriptions**: %d `GET /subscribe/product_price/N` SSE streams (each key streamed on both instances) and %d long polls (`If-None-Match` "
            + "with `Prefer: wait=%d`) on the same keys, each with a token of its own.",
        settings.soakSeconds(), outcome.pacing().connections() / outcome.instances().size(), outcome.hotKeys(),
        Soak.STORES, Soak.FIRST_DAY, Soak.FIRST_DAY.plusDays(Soak.DAYS - 1), Soak.PRICED_PRODUCTS,
        Math.max(settings.warmupSeconds(), SoakHotLoad.SETTLE_SECONDS), SoakHotLoad.CALIBRATION_SECONDS,
        SoakTraffic.COLD_PER_SECOND, SoakTraffic.FIRST_COLD_DAY, SoakTraffic.UPDATES_PER_SECOND, outcome.streams(),
        SoakTraffic.LONG_POLLS, SoakTraffic.POLL_WAIT_SECONDS));
    notes.add("Errors: wrk's non-2xx and socket errors (connect, read, write, timeout), and every Java client "
        + "request answered other than expected (cold fetch and update: not 200; long poll: not 200 or 304) or "
        + "failed; a stream that could not open, ended before the soak closed it, or sent a version not above its "
        + "last; and a stream whose last entry is still not the price last set " + Soak.CONVERGE_SECONDS
        + " s after the last update (a new version that never reached it). The acceptance is 0.");
    notes.add("Sampled every " + Soak.SAMPLE_EVERY_SECONDS + " s on each instance: GET /metrics "
        + "(`jvm_gc_live_data_size_bytes`: the old generation after the last collection that shrank it, 0 until "
        + "one has happened; `jvm_memory_used_bytes{area=\"heap\"}`; `jvm_threads_live_threads`; "
        + "`kck_dependency_up`; `kck_refresh_queue_depth`; `kck_l1_bytes`), the open file descriptors in "
        + "/proc/PID/fd (sockets among them), VmRSS, and the instance's PostgreSQL sessions in pg_stat_activity "
        + "(all its HikariCP pools at once, counted where they end: each instance connects with "
        + "`ApplicationName=kck-<instance>`). A full GC (jcmd GC.run) just before the mixed traffic, at the start of "
        + "every minute's sample (\"heap after a full GC, each minute\"; those samples' heap used is that figure) "
        + "and just after the traffic: the heap it leaves is what the instance holds. The live-heap gauge moves "
        + "only when an old-generation collection shrinks it, a few times in ten minutes under G1, so a "
        + "full GC's figure is the one to read.");
    notes.add("Verdicts: " + SoakFlatness.RULES.get(0).text().replace("last", "last-minute max").replace("first",
        "first-minute max") + " and the like, each rule in its row. RSS is shown, not judged: the JVM commits "
        + "heap up to -Xmx as it goes, which is not a leak.");
    if (outcome.samples().values().stream().anyMatch(s -> s.size() <= 6)) {
      notes.add("**A short run: the first and the last minute overlap, so the verdicts say little.**");
    }
    return notes;
  }

  static String mib(double bytes) {
    if (Double.isNaN(bytes) || bytes < 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, bytes < 10 * 1024 * 1024 ? "%.2f MiB" : "%.0f MiB", bytes / 1024 / 1024);
  }

  private static String count(double value) {
    return Double.isNaN(value) ? "n/a" : Row.count(value);
  }
}
