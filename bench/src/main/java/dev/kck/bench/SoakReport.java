package dev.kck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The soak's Markdown: a small table of what it found, then its samples as a time series. */
final class SoakReport {
  /** Which samples the time series shows. */
  enum Series {
    /** One line a minute, plus the first and the last sample: for the main report. */
    PER_MINUTE,
    /** Every sample (every 10 s): for bench/results/soak.md. */
    EVERY_SAMPLE
  }

  private SoakReport() {}

  static String markdown(Soak.Outcome outcome, Settings settings, Series series) {
    StringBuilder out = new StringBuilder("\n## Soak\n\n");
    out.append("| soak | value |\n|---|---|\n");
    for (String[] line : summary(outcome, settings)) {
      out.append("| ").append(line[0]).append(" | ").append(line[1]).append(" |\n");
    }
    out.append("\n| t | L1 bytes | L1 entries | live heap after GC | old generation | heap used | RSS |\n");
    out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
    List<Soak.Sample> samples = outcome.samples();
    for (int i = 0; i < samples.size(); i++) {
      Soak.Sample s = samples.get(i);
      if (series == Series.EVERY_SAMPLE || s.elapsedSeconds() % 60 == 0 || i == 0 || i == samples.size() - 1) {
        out.append(String.format(Locale.ROOT, "| %d s | %s | %s | %s | %s | %s | %s |%n", s.elapsedSeconds(),
            mib(s.l1Bytes()), count(s.l1Entries()), mib(s.liveHeapBytes()), mib(s.oldGenBytes()),
            mib(s.heapUsedBytes()), mib(s.rssKb() * 1024.0)));
      }
    }
    out.append('\n');
    notes(outcome, settings).forEach(note -> out.append("- ").append(note).append('\n'));
    return out.toString();
  }

  private static List<String[]> summary(Soak.Outcome outcome, Settings settings) {
    Wrk.Result peak = outcome.peak();
    Wrk.Result paced = outcome.paced();
    List<Soak.Sample> samples = outcome.samples();
    List<Soak.Sample> firstMinute = samples.stream().filter(s -> s.elapsedSeconds() <= 60).toList();
    long end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).elapsedSeconds();
    List<Soak.Sample> lastMinute = samples.stream().filter(s -> s.elapsedSeconds() > end - 60).toList();
    double l1Max = max(samples, Soak.Sample::l1Bytes);
    long failures = paced.errors() + paced.non2xx();
    List<String[]> lines = new ArrayList<>();
    lines.add(line("peak (plain wrk, " + Soak.PEAK_SECONDS + " s, " + outcome.connections() + " connections)",
        Row.count(peak.rps()) + " req/s"));
    lines.add(line("target (" + Math.round(Soak.LOAD_FRACTION * 100) + "% of peak)",
        String.format(Locale.ROOT, "%s req/s: %d connections, delay() %d ms before each request",
            Row.count(outcome.targetRps()), outcome.connections(), outcome.delayMillis())));
    lines.add(line("achieved (" + Math.round(paced.seconds()) + " s)", String.format(Locale.ROOT,
        "%s req/s (%.0f%% of target)", Row.count(paced.rps()), 100 * paced.rps() / outcome.targetRps())));
    lines.add(line("non-2xx / socket errors", (failures > 0 ? "**" : "") + paced.non2xx() + " / " + paced.errors()
        + (failures > 0 ? "** (must be 0)" : "")));
    lines.add(line("latency p50 / p99 / p99.9", Row.ms(paced.p50() / 1000) + " / " + Row.ms(paced.p99() / 1000)
        + " / " + Row.ms(paced.p999() / 1000)));
    lines.add(line("L1 bytes, max sampled / `l1_max_bytes`", String.format(Locale.ROOT, "%s / %s (%s)",
        mib(l1Max), mib(settings.soakL1Bytes()),
        l1Max > settings.soakL1Bytes() ? "**over the limit**" : "within the limit")));
    lines.add(line("L1 entries, max sampled / keys", count(max(samples, Soak.Sample::l1Entries)) + " / "
        + Row.count(outcome.keys())));
    lines.add(line("live heap after GC: first minute / last minute / max", mib(max(firstMinute,
        Soak.Sample::liveHeapBytes)) + " / " + mib(max(lastMinute, Soak.Sample::liveHeapBytes)) + " / "
        + mib(max(samples, Soak.Sample::liveHeapBytes))));
    lines.add(line("old generation: first minute / last minute / max", mib(max(firstMinute,
        Soak.Sample::oldGenBytes)) + " / " + mib(max(lastMinute, Soak.Sample::oldGenBytes)) + " / "
        + mib(max(samples, Soak.Sample::oldGenBytes))));
    lines.add(line("heap used, max sampled", mib(max(samples, Soak.Sample::heapUsedBytes))));
    lines.add(line("**heap after a full GC: before the paced run / after it**", mib(outcome.heapBeforeBytes()) + " / "
        + mib(outcome.heapAfterBytes())));
    lines.add(line("RSS: first / last sample", samples.isEmpty() ? "" : mib(samples.get(0).rssKb() * 1024.0)
        + " / " + mib(samples.get(samples.size() - 1).rssKb() * 1024.0)));
    return lines;
  }

  private static List<String> notes(Soak.Outcome outcome, Settings settings) {
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "One KCK instance (postgres store, `cache.l1_max_bytes: %d`, %s: a smaller "
            + "heap than the other instances, which a leak would fill sooner) alone with PostgreSQL, after every "
            + "other row. Keys: %,d keys `store_daily_sales/1..%d/%s..%s`, shuffled, each fetched once before a "
            + "%d s warm-up (past `fresh_for`, so the first wave of refreshes is over) and the peak run. The paced "
            + "run keeps %d connections, each waiting %d ms after every response (wrk's delay()); two %d s paced "
            + "runs before it measured the response time and shortened the pause by it, so that pause plus "
            + "response is the target's cycle.",
        settings.soakL1Bytes(), String.join(" ", Soak.JVM_OPTIONS), outcome.keys(), Soak.STORES, Soak.FIRST_DAY,
        Soak.FIRST_DAY.plusDays(Soak.DAYS - 1), Math.max(settings.warmupSeconds(), Soak.SETTLE_SECONDS),
        outcome.connections(), outcome.delayMillis(), Soak.CALIBRATION_SECONDS));
    notes.add("Sampled every " + Soak.SAMPLE_EVERY_SECONDS + " s from GET /metrics (`kck_l1_bytes`, "
        + "`kck_l1_entries`, `jvm_gc_live_data_size_bytes`, `jvm_memory_used_bytes{area=\"heap\"}` summed and "
        + "`{id=\"G1 Old Gen\"}`) and "
        + "VmRSS in /proc; the L1 can pass its bound for a moment between two samples without showing here. "
        + "Live heap after GC is the old generation after the last collection that shrank it; 0 until one has "
        + "happened. First and last minute show the largest sample in each. The full GCs (jcmd GC.run) come just "
        + "before and just after the paced run; the heap they leave is what the instance holds.");
    notes.add("`store_daily_sales` has `fresh_for: 1m`: a key fetched more than a minute after its last "
        + "computation is refreshed in the background (a primer run and a store write), so the soak carries "
        + "a steady refresh load as well, as production would.");
    if (max(outcome.samples(), Soak.Sample::l1Entries) >= outcome.keys()) {
      notes.add("**The L1 held every key, so it never had to evict: lower BENCH_SOAK_L1_BYTES.**");
    }
    return notes;
  }

  private static String[] line(String what, String value) {
    return new String[] {what, value};
  }

  private static double max(List<Soak.Sample> samples, ToDoubleFunction<Soak.Sample> metric) {
    return samples.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
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
