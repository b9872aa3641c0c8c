package dev.kck.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hot throughput against the number of keys in L1, and heap against cached bytes, on one instance
 * filled step by step with {@code bench_hot} keys (1k, then up to 100k, then up to 1M by default):
 * at each fill, wrk over all the cached keys at random, then heap after a full GC beside the L1's
 * own count of its bytes ({@code kck_l1_bytes}).
 */
final class HotCurve {
  /** One fill's figures: wrk's, and memory in bytes. */
  record Point(int keys, double entries, Wrk.Result wrk, double l1Bytes, long heapBytes, long rssKb) {}

  private static final String LUA = """
      local count = %d
      local headers = { ["Authorization"] = "Bearer %s" }
      local started = 0

      setup = function(thread)
        thread:set("seed", started * 7919 + 1)
        started = started + 1
      end

      init = function(args)
        math.randomseed(seed)
      end

      request = function()
        return wrk.format("GET", "/fetch/bench_hot/" .. math.random(count), headers)
      end

      """;

  private final Settings settings;
  private final CurveSettings curves;
  private final Http http;
  private final KckInstance kck;
  private final RefreshQueue queue;
  private final String reader;

  HotCurve(Settings settings, CurveSettings curves, Http http, KckInstance kck, String reader, String admin) {
    this.settings = settings;
    this.curves = curves;
    this.http = http;
    this.kck = kck;
    this.reader = reader;
    this.queue = new RefreshQueue(http, kck, admin);
  }

  List<Point> run() throws Exception {
    List<Point> points = new ArrayList<>();
    Heap empty = Heap.afterFullGc(kck, http);
    points.add(new Point(0, 0, null, 0, empty.heapBytes(), empty.rssKb()));
    int cached = 0;
    for (int keys : curves.hotKeys()) {
      long started = System.nanoTime();
      queue.fill("bench_hot", cached + 1, keys, Duration.ofMinutes(30));
      Log.progress("hot curve: %,d keys cached in %.0f s", keys, (System.nanoTime() - started) / 1e9);
      cached = keys;
      points.add(measure(keys));
    }
    return points;
  }

  private Point measure(int keys) throws Exception {
    Wrk wrk = new Wrk(settings);
    Wrk.Target target = new Wrk.Target("curve hot " + keys, kck.url(), List.of(), reader, settings.connections(),
        settings.wrkThreads());
    String lua = LUA.formatted(keys, reader) + Wrk.doneHook();
    wrk.finish(wrk.start(target, lua, Math.max(1, settings.warmupSeconds())));
    Wrk.Result result = wrk.finish(wrk.start(target, lua, curves.hotSeconds()));
    PrometheusText metrics = kck.metrics(http);
    Heap heap = Heap.afterFullGc(kck, http);
    Point point = new Point(keys, metrics.sum("kck_l1_entries", ""), result, metrics.sum("kck_l1_bytes", ""),
        heap.heapBytes(), heap.rssKb());
    Log.progress("hot curve, %,d keys: %,.0f req/s, p99 %s, L1 %.0f MiB, heap %.0f MiB", keys, result.rps(),
        Row.ms(result.p99() / 1000), Heap.mib(point.l1Bytes()), Heap.mib(heap.heapBytes()));
    return point;
  }

  static String markdown(List<Point> points, java.nio.file.Path results) throws java.io.IOException {
    Chart throughput = new Chart("Hot throughput against keys in L1", "keys in L1", "requests per second").logX();
    Chart latency = new Chart("Hot p99 against keys in L1", "keys in L1", "ms").logX();
    Chart heap = new Chart("Heap against cached bytes", "kck_l1_bytes (MiB)", "MiB");
    StringBuilder out = new StringBuilder("""

        ### Hot throughput and p99 against keys in L1; heap against cached bytes

        | keys | L1 entries | req/s | p50 | p99 | p99.9 | errors, non-2xx | kck_l1_bytes | heap after full GC | heap per L1 byte (over empty) | RSS |
        |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        """);
    Point empty = points.get(0);
    for (Point p : points) {
      heap.point("heap after full GC", Heap.mib(p.l1Bytes()), Heap.mib(p.heapBytes()))
          .point("kck_l1_bytes", Heap.mib(p.l1Bytes()), Heap.mib(p.l1Bytes()));
      if (p.wrk() == null) {
        out.append(String.format(Locale.ROOT, "| 0 | 0 | | | | | | 0 | %.0f MiB | | %.0f MiB |%n",
            Heap.mib(p.heapBytes()), p.rssKb() / 1024.0));
        continue;
      }
      Wrk.Result w = p.wrk();
      throughput.point("req/s", p.keys(), w.rps());
      latency.point("p99", p.keys(), w.p99() / 1000).point("p50", p.keys(), w.p50() / 1000);
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d, %d | %.1f MiB | %.0f MiB | %.2f | %.0f MiB |%n",
          Row.count(p.keys()), Row.count(p.entries()), Row.count(w.rps()), Row.ms(w.p50() / 1000),
          Row.ms(w.p99() / 1000), Row.ms(w.p999() / 1000), w.errors(), w.non2xx(), Heap.mib(p.l1Bytes()),
          Heap.mib(p.heapBytes()), (p.heapBytes() - empty.heapBytes()) / p.l1Bytes(), p.rssKb() / 1024.0));
    }
    throughput.write(results.resolve("hot-throughput.png"));
    latency.write(results.resolve("hot-p99.png"));
    heap.write(results.resolve("heap-vs-cached-bytes.png"));
    out.append("""

        ![Hot throughput against keys in L1](bench/results/hot-throughput.png)
        ![Hot p99 against keys in L1](bench/results/hot-p99.png)
        ![Heap against cached bytes](bench/results/heap-vs-cached-bytes.png)
        """);
    return out.toString();
  }
}
