package dev.kck.bench;

import java.util.List;
import java.util.Locale;

/** One line of the results table, already formatted. */
record Row(String name, String rps, String vsBare, String vsDirect, String p50, String p99, String p999,
    String notes) {

  static Row unavailable(String name, String why) {
    return new Row(name, "n/a", "", "", "", "", "", why);
  }

  /** A row whose figures are all in its notes. */
  static Row text(String name, String notes) {
    return new Row(name, "", "", "", "", "", "", notes);
  }

  /** Latency columns from samples in milliseconds. */
  static Row latencies(String name, List<Double> millis, String notes) {
    return new Row(name, "", "", "", ms(Stats.percentile(millis, 50)), ms(Stats.percentile(millis, 99)),
        ms(Stats.percentile(millis, 99.9)), notes);
  }

  static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "";
    }
    if (millis < 1) {
      return String.format(Locale.ROOT, "%.3f ms", millis);
    }
    if (millis < 100) {
      return String.format(Locale.ROOT, "%.2f ms", millis);
    }
    return String.format(Locale.ROOT, "%.0f ms", millis);
  }

  static String ratio(double ratio) {
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      return "";
    }
    return ratio >= 10 ? String.format(Locale.ROOT, "%.0fx", ratio) : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }
}
