package dev.kck.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The soak (DESIGN.md: "L1 never exceeds l1_max_bytes; heap stable over a 10-minute soak"): one KCK
 * instance with the postgres store and a small L1, over more keys than that L1 holds, so it evicts all
 * the time. Its peak is measured first with plain wrk; then wrk paces the same load at 80% of that peak
 * for BENCH_SOAK_SECONDS while the instance's L1, heap and RSS are sampled every 10 s.
 *
 * <p>The instance gets a smaller heap than the others ({@link #JVM_OPTIONS}), which a leak would fill
 * sooner; G1 may still run no old-generation cycle in ten minutes, so a full GC (jcmd GC.run) just
 * before and just after the paced run shows what the heap really holds.
 * wrk's {@code delay()} is a pause after each response, not a rate, so a short paced run first
 * calibrates the pause against the response time it measures.
 */
final class Soak {
  static final int STORES = 50;
  static final int DAYS = 200;
  static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
  static final int PEAK_SECONDS = 15;
  static final int SETTLE_SECONDS = 70;
  static final double LOAD_FRACTION = 0.8;
  static final int SAMPLE_EVERY_SECONDS = 10;
  static final int CALIBRATION_SECONDS = 10;
  static final int CALIBRATION_PASSES = 2;
  static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseG1GC");
  private static final int PRIMING_THREADS = 8;

  /** One look at the instance while the paced load runs; NaN for a metric /metrics did not have. */
  record Sample(long elapsedSeconds, double l1Bytes, double l1Entries, double liveHeapBytes, double heapUsedBytes,
      double oldGenBytes, long rssKb) {}

  /** What the soak measured. */
  record Outcome(int keys, int connections, Wrk.Result peak, double targetRps, long delayMillis, Wrk.Result paced,
      List<Sample> samples, double heapBeforeBytes, double heapAfterBytes) {}

  private final Settings settings;
  private final Http http;
  private final Wrk wrk;

  Soak(Settings settings, Http http) {
    this.settings = settings;
    this.http = http;
    this.wrk = new Wrk(settings);
  }

  Outcome run(KckInstance kck, String token) throws Exception {
    List<String> keys = keys();
    Log.progress("soak: priming %d keys on %s", keys.size(), kck.name);
    prime(kck, keys, token);
    Wrk.Target target = new Wrk.Target("soak", kck.url(), keys, token, settings.connections(), settings.wrkThreads());
    // Past fresh_for (1m): the refreshes of keys primed a minute ago are over before the peak is measured.
    wrk.run(target, Math.max(settings.warmupSeconds(), SETTLE_SECONDS));
    Wrk.Result peak = wrk.run(target, PEAK_SECONDS);
    double targetRps = peak.rps() * LOAD_FRACTION;
    long delay = calibratedDelay(target, targetRps);
    Log.progress("soak: peak %s req/s (%d errors, %d non-2xx); pacing %d connections at %d ms per request for %d s",
        Row.count(peak.rps()), peak.errors(), peak.non2xx(), target.connections(), delay, settings.soakSeconds());
    double heapBefore = heapAfterFullGc(kck);
    Process paced = wrk.start(target, settings.soakSeconds(), delay);
    List<Sample> samples = sampleUntilEnd(paced, kck);
    Wrk.Result result = wrk.finish(paced);
    return new Outcome(keys.size(), target.connections(), peak, targetRps, delay, result, samples, heapBefore,
        heapAfterFullGc(kck));
  }

  /**
   * Heap in use right after a full collection (jcmd GC.run): what the instance really holds, garbage
   * aside. Taken once before the paced run and once after it, the two say whether the heap grew.
   */
  private double heapAfterFullGc(KckInstance kck) throws Exception {
    Jcmd.run(kck.child.pid(), "GC.run");
    return kck.metrics(http).sum("jvm_memory_used_bytes", "area=\"heap\"");
  }

  /**
   * Each connection's cycle is the pause plus the response time: a paced run with the naive pause
   * measures that response time (at nearly the target load), and the pause is shortened by it.
   */
  private long calibratedDelay(Wrk.Target target, double targetRps) throws Exception {
    double cycleMillis = target.connections() * 1000.0 / targetRps;
    long pause = delayMillis(target.connections(), targetRps);
    // Twice: the response time measured at the naive pause's lower rate is shorter than at the target's.
    for (int pass = 0; pass < CALIBRATION_PASSES; pass++) {
      double achieved = wrk.finish(wrk.start(target, CALIBRATION_SECONDS, pause)).rps();
      double responseMillis = Math.max(0, target.connections() * 1000.0 / achieved - pause);
      long next = Math.max(1, Math.round(cycleMillis - responseMillis));
      Log.progress("soak: pause %d ms gave %s req/s (target %s): %.1f ms per response; pause now %d ms", pause,
          Row.count(achieved), Row.count(targetRps), responseMillis, next);
      pause = next;
    }
    return pause;
  }

  /**
   * 50 stores x 200 days of store_daily_sales: a 2 MB L1 holds about 6,000 of them (some 340 bytes an
   * entry), so it evicts all the time. Shuffled, so that wrk's rotation is not a scan in key order.
   */
  static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (int day = 0; day < DAYS; day++) {
      for (int store = 1; store <= STORES; store++) {
        keys.add("store_daily_sales/" + store + "/" + FIRST_DAY.plusDays(day));
      }
    }
    Collections.shuffle(keys, new Random(42));
    return keys;
  }

  /** wrk's delay() takes whole milliseconds: the nearest one, at least 1. */
  static long delayMillis(int connections, double targetRps) {
    return Math.max(1, Math.round(connections * 1000.0 / targetRps));
  }

  /** Every key fetched once (a primer run or a store read each), so the measured load starts from a full store. */
  private void prime(KckInstance kck, List<String> keys, String token) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(PRIMING_THREADS, runnable -> {
      Thread thread = new Thread(runnable, "bench-soak-prime");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> fetches = new ArrayList<>();
      for (String key : keys) {
        fetches.add(threads.submit(() -> Freshness.expect(http.get(kck.url() + "/fetch/" + key, token), 200,
            kck.name + " " + key)));
      }
      for (Future<?> fetch : fetches) {
        fetch.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** A sample every 10 s of wrk's run, until wrk exits. */
  private List<Sample> sampleUntilEnd(Process wrk, KckInstance kck) throws InterruptedException {
    List<Sample> samples = new ArrayList<>();
    long start = System.nanoTime();
    for (long at = SAMPLE_EVERY_SECONDS; ; at += SAMPLE_EVERY_SECONDS) {
      long untilNext = start + TimeUnit.SECONDS.toNanos(at) - System.nanoTime();
      if (wrk.waitFor(Math.max(0, untilNext), TimeUnit.NANOSECONDS)) {
        return samples;
      }
      try {
        Sample sample = sample(kck, at);
        samples.add(sample);
        if (at % 60 == 0) {
          Log.progress("soak: %d s, L1 %s, live heap after GC %s, heap used %s, RSS %s", at,
              SoakReport.mib(sample.l1Bytes()), SoakReport.mib(sample.liveHeapBytes()),
              SoakReport.mib(sample.heapUsedBytes()), SoakReport.mib(sample.rssKb() * 1024.0));
        }
      } catch (RuntimeException e) {
        // One missed sample must not end a ten-minute soak; the gap shows in the time series.
        Log.progress("soak: no sample at %d s: %s", at, e.getMessage());
      }
    }
  }

  private Sample sample(KckInstance kck, long elapsedSeconds) {
    PrometheusText metrics = kck.metrics(http);
    return new Sample(elapsedSeconds, metrics.sum("kck_l1_bytes", ""), metrics.sum("kck_l1_entries", ""),
        metrics.sum("jvm_gc_live_data_size_bytes", ""), metrics.sum("jvm_memory_used_bytes", "area=\"heap\""),
        metrics.sum("jvm_memory_used_bytes", "id=\"G1 Old Gen\""), kck.child.memoryKb()[1]);
  }
}
