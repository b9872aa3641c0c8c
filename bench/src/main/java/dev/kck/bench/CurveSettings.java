package dev.kck.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The sizes of the live-client and cost curves, from the environment (comma-separated lists), so a
 * quick check can run with small ones, e.g. BENCH_SUBSCRIBERS=200,1000 BENCH_HOT_KEYS=1000,10000
 * BENCH_FANOUT_KEYS=10,100,1000. BENCH_ONLY=curves runs these alone (PostgreSQL and one instance at a
 * time), skipping every other row.
 */
record CurveSettings(List<Integer> subscribers, int liveKeys, List<Integer> hotKeys, List<Integer> fanOutKeys,
    int hotSeconds, String hotL1Bytes, List<String> hotJvmOptions) {

  static CurveSettings load() {
    return new CurveSettings(
        sizes("BENCH_SUBSCRIBERS", "1000,5000,20000"),
        Integer.parseInt(env("BENCH_LIVE_KEYS", "1000")),
        sizes("BENCH_HOT_KEYS", "1000,100000,1000000"),
        sizes("BENCH_FANOUT_KEYS", "10,100,1000,10000,100000"),
        Integer.parseInt(env("BENCH_CURVE_SECONDS", "10")),
        // 1M keys of about 80 bytes each and their entry objects: a large L1 and a heap to hold it.
        env("BENCH_HOT_L1_BYTES", "2GB"),
        List.of("-Xmx" + env("BENCH_HOT_HEAP", "3g"), "-XX:+UseG1GC"));
  }

  /** BENCH_CURVES=0 leaves the curves out of a full run. */
  static boolean enabled() {
    return !"0".equals(env("BENCH_CURVES", "1"));
  }

  static boolean only(String part) {
    return part.equals(env("BENCH_ONLY", ""));
  }

  String describe() {
    return "BENCH_SUBSCRIBERS=%s BENCH_LIVE_KEYS=%d BENCH_HOT_KEYS=%s BENCH_FANOUT_KEYS=%s BENCH_CURVE_SECONDS=%d "
        .formatted(join(subscribers), liveKeys, join(hotKeys), join(fanOutKeys), hotSeconds)
        + "BENCH_HOT_L1_BYTES=%s; hot-curve instance runs with `%s`".formatted(hotL1Bytes, String.join(" ",
        hotJvmOptions));
  }

  private static String join(List<Integer> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }

  private static List<Integer> sizes(String name, String fallback) {
    return Arrays.stream(env(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(Integer::parseInt).toList();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
