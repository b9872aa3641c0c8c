package dev.kck.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Where things are and how long to measure. Paths come from bench/run.sh (system properties), the
 * measuring knobs from the environment, so a quick check can run with, say, BENCH_ROUNDS=1
 * BENCH_SECONDS=3.
 */
record Settings(
    Path root,
    Path work,
    Path kckJar,
    String cassandraClassPath,
    int rounds,
    int seconds,
    int warmupSeconds,
    int connections,
    int slowConnections,
    int latencyConnections,
    int wrkThreads,
    int stormRequests,
    int updateSamples,
    int augmentSamples,
    int freshnessTries,
    boolean cassandra,
    int soakSeconds,
    int soakL1Bytes,
    int profileSeconds,
    String only,
    List<String> serverJvmOptions) {

  static Settings load() {
    Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    return new Settings(
        root,
        root.resolve("bench/work"),
        Path.of(System.getenv().getOrDefault("BENCH_KCK_JAR", root.resolve("target/kck.jar").toString()))
            .toAbsolutePath(),
        readClassPath(System.getProperty("bench.cassandraClassPathFile")),
        env("BENCH_ROUNDS", 3),
        env("BENCH_SECONDS", 10),
        env("BENCH_WARMUP_SECONDS", 5),
        env("BENCH_CONNECTIONS", 32),
        env("BENCH_SLOW_CONNECTIONS", 4),
        env("BENCH_LATENCY_CONNECTIONS", 2),
        env("BENCH_WRK_THREADS", 2),
        env("BENCH_STORM_REQUESTS", 500),
        env("BENCH_UPDATE_SAMPLES", 40),
        env("BENCH_AUGMENT_SAMPLES", 10),
        env("BENCH_FRESHNESS_TRIES", 100),
        env("BENCH_CASSANDRA", 1) == 1,
        env("BENCH_SOAK_SECONDS", 600),
        env("BENCH_SOAK_L1_BYTES", 2 * 1024 * 1024),
        env("BENCH_PROFILE_SECONDS", 15),
        System.getenv().getOrDefault("BENCH_ONLY", "").trim(),
        List.of("-Xmx1g", "-XX:+UseG1GC"));
  }

  private static String readClassPath(String file) {
    try {
      return file == null ? "" : java.nio.file.Files.readString(Path.of(file)).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int env(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }

  /** The knobs as they were, for the report. */
  String describe() {
    return "BENCH_ROUNDS=%d BENCH_SECONDS=%d BENCH_WARMUP_SECONDS=%d BENCH_CONNECTIONS=%d BENCH_SLOW_CONNECTIONS=%d "
        .formatted(rounds, seconds, warmupSeconds, connections, slowConnections)
        + "BENCH_LATENCY_CONNECTIONS=%d ".formatted(latencyConnections)
        + "BENCH_WRK_THREADS=%d BENCH_STORM_REQUESTS=%d BENCH_UPDATE_SAMPLES=%d BENCH_AUGMENT_SAMPLES=%d "
        .formatted(wrkThreads, stormRequests, updateSamples, augmentSamples)
        + "BENCH_FRESHNESS_TRIES=%d BENCH_CASSANDRA=%d ".formatted(freshnessTries, cassandra ? 1 : 0)
        + "BENCH_SOAK_SECONDS=%d BENCH_SOAK_L1_BYTES=%d BENCH_PROFILE_SECONDS=%d".formatted(soakSeconds, soakL1Bytes,
        profileSeconds) + (only.isEmpty() ? "" : " BENCH_ONLY=" + only);
  }
}
