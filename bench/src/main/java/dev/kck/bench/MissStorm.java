package dev.kck.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many concurrent fetches of cold keys, spread over two instances that share one cache store; then
 * how many times PostgreSQL actually ran the product's primer query, read from pg_stat_statements
 * (reset just before, with the database idle), against the number of distinct keys. Every request
 * waits at one gate and all are released together; the connections are opened beforehand so the storm
 * measures fetches, not TCP handshakes.
 */
final class MissStorm implements AutoCloseable {
  /** The primer query of store_daily_sales, as pg_stat_statements records it. */
  static final String PRIMER_PATTERN = "%from stores st%left join sales s%";
  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

  /** One storm. */
  record Outcome(int keys, int requests, long primerRuns, int failures, int keysWithSeveralVersions,
      List<Double> latenciesMs) {}

  private final Settings settings;
  private final Http http;
  private final BenchPostgres postgres;
  private final List<KckInstance> instances;
  private final String token;
  private final ExecutorService threads;
  private final int requests;

  MissStorm(Settings settings, Http http, BenchPostgres postgres, List<KckInstance> instances, String token) {
    this.settings = settings;
    this.http = http;
    this.postgres = postgres;
    this.instances = instances;
    this.token = token;
    this.requests = settings.stormRequests();
    this.threads = Executors.newFixedThreadPool(requests, runnable -> {
      Thread thread = new Thread(runnable, "bench-storm");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** One storm on one cold key and one on 50 cold keys per round; days never fetched before. */
  List<Row> rows() throws Exception {
    List<Double> oneKey = new ArrayList<>();
    List<Double> manyKeys = new ArrayList<>();
    List<String> oneKeyRuns = new ArrayList<>();
    List<String> manyKeyRuns = new ArrayList<>();
    int failures = 0;
    int oneKeySeveral = 0;
    int manyKeysSeveral = 0;
    for (int round = 1; round <= settings.rounds(); round++) {
      LocalDate oneDay = LocalDate.of(2025, 7, 1).plusDays(round);
      Outcome one = run(List.of("store_daily_sales/" + (round % 50 + 1) + "/" + oneDay));
      LocalDate manyDay = LocalDate.of(2025, 9, 1).plusDays(round);
      List<String> keys = new ArrayList<>();
      for (int store = 1; store <= 50; store++) {
        keys.add("store_daily_sales/" + store + "/" + manyDay);
      }
      Outcome many = run(keys);
      for (Outcome outcome : List.of(one, many)) {
        Log.progress("round %d/%d  miss storm: %d requests, %d cold key(s), 2 instances: %d primer queries, "
            + "p50 %s, p99 %s, %d failed, %d key(s) answered with several versions", round, settings.rounds(),
            outcome.requests(), outcome.keys(), outcome.primerRuns(), Row.ms(Stats.percentile(outcome.latenciesMs(), 50)),
            Row.ms(Stats.percentile(outcome.latenciesMs(), 99)), outcome.failures(), outcome.keysWithSeveralVersions());
        failures += outcome.failures();
      }
      oneKeySeveral += one.keysWithSeveralVersions();
      manyKeysSeveral += many.keysWithSeveralVersions();
      oneKey.addAll(one.latenciesMs());
      manyKeys.addAll(many.latenciesMs());
      oneKeyRuns.add(Long.toString(one.primerRuns()));
      manyKeyRuns.add(Long.toString(many.primerRuns()));
    }
    String failed = failures > 0 ? "; **" + failures + " requests failed**" : "";
    return List.of(
        Row.latencies("miss storm, 1 cold key", oneKey, String.format(Locale.ROOT,
            "%d concurrent fetches of one cold key, half on A, half on B; **primer queries PostgreSQL executed "
                + "(pg_stat_statements) per round: %s** (ideal 1)%s%s", requests, String.join(" / ", oneKeyRuns),
            versions(oneKeySeveral), failed)),
        Row.latencies("miss storm, 50 cold keys", manyKeys, String.format(Locale.ROOT,
            "%d concurrent fetches, %d per key, each key on A and B; **primer queries per round: %s** (ideal 50)%s",
            requests, requests / 50, String.join(" / ", manyKeyRuns), versions(manyKeysSeveral))));
  }

  /** Two answers with different versions for one cold key mean it was computed more than once. */
  private static String versions(int keys) {
    return keys == 0 ? "" : "; " + keys + " key(s) answered with two or more versions (computed more than once)";
  }

  /**
   * @param keys cold keys; request i asks for key i % keys on instance (i / keys) % instances, so every
   *     key is asked on every instance
   */
  Outcome run(List<String> keys) throws Exception {
    fire(i -> instances.get(i % instances.size()).url() + "/health/live");
    if (!postgres.awaitQuiet(Duration.ofSeconds(30))) {
      Log.progress("PostgreSQL not idle before the storm; the primer count may include other work");
    }
    postgres.resetStatements();
    List<Shot> shots = fire(i -> instances.get((i / keys.size()) % instances.size()).url() + "/fetch/"
        + keys.get(i % keys.size()));
    Thread.sleep(500); // a primer run still finishing after every request was answered counts too
    long runs = postgres.calls(PRIMER_PATTERN);
    int failures = 0;
    Map<String, Set<String>> versions = new HashMap<>();
    for (int i = 0; i < shots.size(); i++) {
      Shot shot = shots.get(i);
      if (shot.status() != 200) {
        failures++;
        continue;
      }
      Matcher matcher = VERSION.matcher(shot.body());
      if (matcher.find()) {
        versions.computeIfAbsent(keys.get(i % keys.size()), k -> new HashSet<>()).add(matcher.group(1));
      }
    }
    int several = (int) versions.values().stream().filter(set -> set.size() > 1).count();
    return new Outcome(keys.size(), shots.size(), runs, failures, several,
        shots.stream().map(Shot::millis).toList());
  }

  private record Shot(int status, String body, double millis) {}

  private List<Shot> fire(IntFunction<String> urls) throws Exception {
    CountDownLatch ready = new CountDownLatch(requests);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Shot>> futures = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String url = urls.apply(i);
      futures.add(threads.submit(() -> {
        ready.countDown();
        go.await();
        long start = System.nanoTime();
        try {
          Http.Response response = http.get(url, token);
          return new Shot(response.status(), response.body(), (System.nanoTime() - start) / 1e6);
        } catch (RuntimeException e) {
          return new Shot(-1, "", (System.nanoTime() - start) / 1e6);
        }
      }));
    }
    ready.await();
    go.countDown();
    List<Shot> shots = new ArrayList<>();
    for (Future<Shot> future : futures) {
      shots.add(future.get());
    }
    return shots;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
