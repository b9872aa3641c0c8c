package dev.kck.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The soak (issue 10): two KCK instances sharing one cache store (Cassandra's when the run has a
 * node, else PostgreSQL's) and the source, under mixed traffic for BENCH_SOAK_SECONDS: paced wrk hot
 * fetches on both, a trickle of cold fetches, price updates, and open subscriptions (SSE streams and
 * long polls); every 10 s a sample of each instance's heap, threads, file descriptors, PostgreSQL
 * sessions, dependencies and refresh queue, with a full GC (jcmd GC.run) just before and just after.
 * Each instance has a small L1 (BENCH_SOAK_L1_BYTES), so it evicts and reads the store all the time,
 * and a small heap, which a leak would fill sooner. {@link SoakHotLoad} paces wrk, {@link SoakTraffic}
 * and {@link SoakStreams} run the rest, {@link SoakReport} judges.
 */
final class Soak {
  static final int STORES = 50;
  static final int DAYS = 200;
  static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
  static final int PRICED_PRODUCTS = 50;
  static final int STREAMS = 100;
  static final int SAMPLE_EVERY_SECONDS = 10;
  static final int CONVERGE_SECONDS = 30;
  static final String CASSANDRA_KEYSPACE = "kck_soak";
  static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseG1GC");
  private static final int PRIMING_THREADS = 8;

  /** What the soak measured; maps are by instance name, in start order. */
  record Outcome(String store, List<String> instances, int hotKeys, SoakHotLoad.Pacing pacing,
      Map<String, Wrk.Result> paced, Map<String, List<SoakSampler.Sample>> samples, Map<String, Double> heapBefore,
      Map<String, Double> heapAfter, int streams, SoakTally tally, List<String> loadAverages) {}

  private final Settings settings;
  private final Http http;
  private final BenchPostgres postgres;
  private final SigningKey signingKey;
  private final String reader;

  Soak(Settings settings, Http http, BenchPostgres postgres, SigningKey signingKey) {
    this.settings = settings;
    this.http = http;
    this.postgres = postgres;
    this.signingKey = signingKey;
    this.reader = signingKey.mint("bench-reader", "sales:read");
  }

  /** Starts soak-a and soak-b on the store, soaks them, stops them. */
  Outcome run(BenchCassandra cassandra) throws Exception {
    String l1 = Integer.toString(settings.soakL1Bytes());
    boolean onCassandra = cassandra.running();
    KckInstance.Store store = onCassandra
        ? KckInstance.Store.cassandra(l1, cassandra.port()).inKeyspace(CASSANDRA_KEYSPACE)
        : KckInstance.Store.postgres(l1);
    Log.progress("soak: starting KCK instances soak-a, then soak-b (%s store, L1 %s bytes, %s)", store.backend(), l1,
        String.join(" ", JVM_OPTIONS));
    List<KckInstance> instances = new ArrayList<>();
    try {
      // A alone first: it creates the store's tables, which B then finds in place.
      for (String name : List.of("soak-a", "soak-b")) {
        KckInstance kck = KckInstance.start(name, settings, SoakSampler.jdbcUrl(postgres.jdbcUrl(), name),
            signingKey.secret, store, JVM_OPTIONS);
        instances.add(kck);
        kck.awaitReady(http, Duration.ofMinutes(3));
      }
      return soak(instances, store.backend() + (onCassandra ? " (keyspace " + CASSANDRA_KEYSPACE + ")" : ""));
    } finally {
      instances.forEach(kck -> kck.child.stop());
    }
  }

  private Outcome soak(List<KckInstance> instances, String storeName) throws Exception {
    SoakTally tally = new SoakTally();
    SoakTraffic traffic = new SoakTraffic(http, instances, tally, signingKey, reader);
    traffic.warmPrices();
    List<String> keys = hotKeys();
    Log.progress("soak: priming %d keys through %s", keys.size(), instances.get(0).name);
    prime(instances.get(0), keys);
    SoakHotLoad hot = new SoakHotLoad(settings, instances, keys, reader);
    SoakHotLoad.Pacing pacing = hot.settleAndPace();
    try (SoakStreams streams = openStreams(instances, tally); traffic) {
      Map<String, Double> heapBefore = heapAfterFullGc(instances);
      List<String> load = new ArrayList<>(List.of(Machine.loadAverage()));
      Log.progress("soak: %d s of mixed traffic, load average %s", settings.soakSeconds(), load.get(0));
      List<Process> wrks = hot.startPaced(settings.soakSeconds(), pacing.delayMillis());
      traffic.start();
      Map<String, List<SoakSampler.Sample>> samples = sampleUntilEnd(wrks.get(0), instances, tally, load);
      Map<String, Wrk.Result> paced = hot.finish(wrks);
      traffic.stop();
      load.add(Machine.loadAverage());
      awaitStreams(streams, traffic, tally);
      Map<String, Double> heapAfter = heapAfterFullGc(instances);
      traffic.restorePrices();
      return new Outcome(storeName, instances.stream().map(kck -> kck.name).toList(), keys.size(), pacing, paced,
          samples, heapBefore, heapAfter, streams.size(), tally, load);
    }
  }

  /**
   * STREAMS streams over the price keys, each key streamed on every instance (stream i: key i % 50,
   * instance i / 50), each stream with a token (a subject) of its own.
   */
  private SoakStreams openStreams(List<KckInstance> instances, SoakTally tally) throws InterruptedException {
    SoakStreams streams = new SoakStreams(tally);
    List<String> priceKeys = SoakTraffic.priceKeys();
    for (int i = 0; i < STREAMS; i++) {
      streams.open(instances.get(i / priceKeys.size() % instances.size()), priceKeys.get(i % priceKeys.size()),
          signingKey.mint("bench-soak-stream-" + i, "sales:read"));
    }
    Thread.sleep(2000); // open, each with its first entry, before the heap is measured
    return streams;
  }

  /**
   * Gives the streams up to CONVERGE_SECONDS after the last update to show every product's last price
   * (the guarantee's bound is 1 s on a healthy cluster; this machine is shared), then counts those
   * that still do not as errors, each with what a fetch on its instance serves now.
   */
  private void awaitStreams(SoakStreams streams, SoakTraffic traffic, SoakTally tally) throws InterruptedException {
    long start = System.nanoTime();
    List<String> behind = streams.behind(traffic::lastPrice);
    while (!behind.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(CONVERGE_SECONDS)) {
      Thread.sleep(500);
      behind = streams.behind(traffic::lastPrice);
    }
    double waited = (System.nanoTime() - start) / 1e9;
    tally.note(String.format(java.util.Locale.ROOT, "%.1f s after the last update (and the long polls' last wait)",
        waited));
    for (String stream : behind) {
      tally.error("stream behind", stream + "; a fetch there serves " + traffic.fetchedPrice(stream));
    }
  }

  /**
   * Heap in use right after a full collection (jcmd GC.run): what the instance really holds, garbage
   * aside. Taken once before the mixed traffic and once after it, the two say whether the heap grew.
   */
  private Map<String, Double> heapAfterFullGc(List<KckInstance> instances) throws Exception {
    Map<String, Double> heap = new LinkedHashMap<>();
    for (KckInstance kck : instances) {
      Jcmd.run(kck.child.pid(), "GC.run");
      heap.put(kck.name, kck.metrics(http).sum("jvm_memory_used_bytes", "area=\"heap\""));
    }
    return heap;
  }

  /**
   * 50 stores x 200 days of store_daily_sales (a 2 MB L1 holds about 6,000 of them, some 340 bytes an
   * entry, so it evicts all the time) and the price keys the updates change. Shuffled, so that wrk's
   * rotation is not a scan in key order.
   */
  static List<String> hotKeys() {
    List<String> keys = new ArrayList<>(SoakTraffic.priceKeys());
    for (int day = 0; day < DAYS; day++) {
      for (int store = 1; store <= STORES; store++) {
        keys.add("store_daily_sales/" + store + "/" + FIRST_DAY.plusDays(day));
      }
    }
    Collections.shuffle(keys, new Random(42));
    return keys;
  }

  /** Every key fetched once (a primer run or a store read each), so the measured load starts from a full store. */
  private void prime(KckInstance kck, List<String> keys) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(PRIMING_THREADS, runnable -> {
      Thread thread = new Thread(runnable, "bench-soak-prime");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> fetches = new ArrayList<>();
      for (String key : keys) {
        fetches.add(threads.submit(() -> Freshness.expect(http.get(kck.url() + "/fetch/" + key, reader), 200,
            kck.name + " " + key)));
      }
      for (Future<?> fetch : fetches) {
        fetch.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** A sample of every instance every 10 s of wrk's run, until wrk exits; the load average at the middle. */
  private Map<String, List<SoakSampler.Sample>> sampleUntilEnd(Process wrk, List<KckInstance> instances,
      SoakTally tally, List<String> load) throws InterruptedException {
    SoakSampler sampler = new SoakSampler(http, postgres, tally, signingKey.mint("bench-soak-admin", "kck:admin"));
    Map<String, List<SoakSampler.Sample>> samples = new LinkedHashMap<>();
    instances.forEach(kck -> samples.put(kck.name, new ArrayList<>()));
    long start = System.nanoTime();
    for (long at = SAMPLE_EVERY_SECONDS; ; at += SAMPLE_EVERY_SECONDS) {
      long untilNext = start + TimeUnit.SECONDS.toNanos(at) - System.nanoTime();
      if (wrk.waitFor(Math.max(0, untilNext), TimeUnit.NANOSECONDS)) {
        return samples;
      }
      if (at == settings.soakSeconds() / 2 / SAMPLE_EVERY_SECONDS * SAMPLE_EVERY_SECONDS) {
        load.add(Machine.loadAverage());
      }
      try {
        sampler.sample(instances, at).forEach((name, sample) -> samples.get(name).add(sample));
        if (at % 60 == 0) {
          progress(at, samples, tally);
        }
      } catch (Exception e) {
        // One missed sample must not end a ten-minute soak; the gap shows in the time series.
        Log.progress("soak: no sample at %d s: %s", at, e);
      }
    }
  }

  private static void progress(long at, Map<String, List<SoakSampler.Sample>> samples, SoakTally tally) {
    samples.forEach((name, list) -> {
      SoakSampler.Sample s = list.get(list.size() - 1);
      Log.progress("soak: %d s %s: live heap %s, threads %.0f, fds %d, sessions %d (%d active), queue %.0f",
          at, name, SoakReport.mib(s.liveHeapBytes()), s.threads(), s.fileDescriptors(), s.sessions(),
          s.activeSessions(), s.queueDepth());
    });
    Log.progress("soak: %d s: counts %s, errors %s", at, tally.counts(), tally.errors());
  }
}
