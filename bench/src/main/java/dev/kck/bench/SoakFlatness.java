package dev.kck.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's verdicts, each from a rule stated with it: a gauge is flat when its last-minute maximum
 * is at most its first-minute maximum plus the larger of a share of it and a fixed allowance (a
 * leak grows without bound; these allow for a warm-up still finishing and for noise), the heap after
 * the full GC at the end within the same kind of bound of the one at the start, and each dependency
 * up in every sample.
 */
final class SoakFlatness {
  /** How much a gauge may grow from the first minute to the last and still be flat. */
  record Rule(String metric, ToDoubleFunction<SoakSampler.Sample> value, double share, double allowance,
      boolean bytes) {
    double bound(double first) {
      return first + Math.max(first * share, allowance);
    }

    String text() {
      return String.format(Locale.ROOT, "last ≤ first + max(%.0f%%, %s)", share * 100,
          bytes ? SoakReport.mib(allowance) : Row.count(allowance));
    }
  }

  /** One verdict: the figures, the rule, and whether they keep to it. */
  record Verdict(String metric, String instance, String first, String last, String max, String rule, boolean flat) {}

  private static final double MIB = 1024 * 1024;
  static final Rule FULL_GC = new Rule("heap after a full GC (before / after)", s -> 0, 0.20, 8 * MIB, true);
  static final List<Rule> RULES = List.of(
      new Rule("heap after a full GC, each minute", SoakSampler.Sample::heapAfterFullGcBytes, 0.20, 8 * MIB, true),
      new Rule("live heap after GC", SoakSampler.Sample::liveHeapBytes, 0.20, 16 * MIB, true),
      new Rule("live threads", SoakSampler.Sample::threads, 0.10, 5, false),
      new Rule("open file descriptors", s -> s.fileDescriptors(), 0.10, 10, false),
      new Rule("PostgreSQL sessions", s -> s.sessions(), 0, 2, false),
      new Rule("PostgreSQL sessions active", s -> s.activeSessions(), 1.0, 4, false),
      new Rule("refresh queue depth", SoakSampler.Sample::queueDepth, 1.0, 200, false));

  private SoakFlatness() {}

  static List<Verdict> judge(Soak.Outcome outcome) {
    List<Verdict> verdicts = new ArrayList<>();
    for (Rule rule : RULES) {
      for (String instance : outcome.instances()) {
        verdicts.add(judge(rule, instance, outcome.samples().get(instance)));
      }
    }
    for (String instance : outcome.instances()) {
      double before = outcome.heapBefore().get(instance);
      double after = outcome.heapAfter().get(instance);
      verdicts.add(new Verdict(FULL_GC.metric(), instance, SoakReport.mib(before), SoakReport.mib(after), "",
          "after ≤ before + max(20%, 8 MiB)", after <= FULL_GC.bound(before)));
    }
    for (String instance : outcome.instances()) {
      verdicts.add(up("source up (`kck_dependency_up`)", instance, outcome.samples().get(instance),
          SoakSampler.Sample::sourceUp));
      verdicts.add(up("cache store up (`kck_dependency_up`)", instance, outcome.samples().get(instance),
          SoakSampler.Sample::storeUp));
    }
    return verdicts;
  }

  private static Verdict judge(Rule rule, String instance, List<SoakSampler.Sample> samples) {
    double first = max(firstMinute(samples), rule.value());
    double last = max(lastMinute(samples), rule.value());
    double max = max(samples, rule.value());
    boolean flat = !Double.isNaN(first) && !Double.isNaN(last) && last <= rule.bound(first);
    return new Verdict(rule.metric(), instance, format(rule, first), format(rule, last), format(rule, max), rule.text(),
        flat);
  }

  private static Verdict up(String metric, String instance, List<SoakSampler.Sample> samples,
      ToDoubleFunction<SoakSampler.Sample> value) {
    double min = samples.stream().mapToDouble(value).map(v -> Double.isNaN(v) ? 0 : v).min().orElse(0);
    long down = samples.stream().mapToDouble(value).filter(v -> Double.isNaN(v) || v < 1).count();
    return new Verdict(metric, instance, "", "", "min " + Row.count(min), "1 in every sample", down == 0 && !samples.isEmpty());
  }

  static List<SoakSampler.Sample> firstMinute(List<SoakSampler.Sample> samples) {
    return samples.stream().filter(s -> s.elapsedSeconds() <= 60).toList();
  }

  static List<SoakSampler.Sample> lastMinute(List<SoakSampler.Sample> samples) {
    long end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).elapsedSeconds();
    return samples.stream().filter(s -> s.elapsedSeconds() > end - 60).toList();
  }

  static double max(List<SoakSampler.Sample> samples, ToDoubleFunction<SoakSampler.Sample> value) {
    return samples.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
  }

  private static String format(Rule rule, double value) {
    return rule.bytes() ? SoakReport.mib(value) : Double.isNaN(value) ? "n/a" : Row.count(value);
  }
}
