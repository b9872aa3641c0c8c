package dev.kck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Update fan-out time against the number of affected keys: with N keys of {@code bench_fan} cached,
 * one {@code POST /update/bench_fan_bump} (which writes the table they all read) until the instance's
 * refresh queue is drained again, i.e. every key recomputed and written. Small sizes are sampled a
 * few times (median shown), since one sample of a 10-key fan-out is mostly the queue poll's step.
 */
final class FanOutCurve {
  /** One size: the update's own latency, and from its 200 until drained, medians in ms. */
  record Point(int keys, int refreshed, int samples, double updateMillis, double drainMillis) {
    double microsPerKey() {
      return drainMillis * 1000 / keys;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Where PostgreSQL's time went during the largest fan-out: what its per-key cost is made of. */
  private static final String TOP_STATEMENTS = """
      select format('%s calls, %s ms total, %s ms mean: `%s`', calls, round(total_exec_time),
                    round(mean_exec_time::numeric, 2), left(regexp_replace(query, '\\s+', ' ', 'g'), 90))
      from pg_stat_statements order by total_exec_time desc limit 6
      """;

  private final Http http;
  private final BenchPostgres postgres;
  private final KckInstance kck;
  private final RefreshQueue queue;
  private final String token;
  private List<String> statements = List.of();

  FanOutCurve(Http http, BenchPostgres postgres, KckInstance kck, String token, String admin) {
    this.http = http;
    this.postgres = postgres;
    this.kck = kck;
    this.token = token;
    this.queue = new RefreshQueue(http, kck, admin);
  }

  List<Point> run(List<Integer> sizes) throws Exception {
    List<Point> points = new ArrayList<>();
    int cached = 0;
    for (int keys : sizes) {
      queue.fill("bench_fan", cached + 1, keys, Duration.ofMinutes(30));
      cached = keys;
      boolean largest = keys == sizes.get(sizes.size() - 1);
      if (largest) {
        postgres.resetStatements();
      }
      points.add(measure(keys, keys <= 100 ? 5 : keys <= 1000 ? 3 : 1));
      if (largest) {
        statements = postgres.scalars(TOP_STATEMENTS);
      }
    }
    return points;
  }

  /** PostgreSQL's busiest statements during the largest size's fan-out, one line each. */
  List<String> statements() {
    return statements;
  }

  private Point measure(int keys, int samples) throws Exception {
    List<Double> update = new ArrayList<>();
    List<Double> drain = new ArrayList<>();
    int refreshed = -1;
    for (int i = 0; i < samples; i++) {
      postgres.awaitQuiet(Duration.ofSeconds(60));
      long sent = System.nanoTime();
      Http.Response response = Freshness.expect(http.post(kck.url() + "/update/bench_fan_bump", token, "{}"), 200,
          "POST /update/bench_fan_bump");
      long ok = System.nanoTime();
      long drained = queue.awaitDrained(Duration.ofMinutes(30));
      update.add((ok - sent) / 1e6);
      drain.add((drained - ok) / 1e6);
      refreshed = JSON.readTree(response.body()).path("refreshing_total").asInt(-1);
    }
    Point point = new Point(keys, refreshed, samples, Stats.median(update), Stats.median(drain));
    Log.progress("fan-out of %,d keys: update %s, drained %s after its 200 (%.0f us per key)", keys,
        Row.ms(point.updateMillis()), Row.ms(point.drainMillis()), point.microsPerKey());
    return point;
  }

  static String markdown(List<Point> points, List<String> statements, Path results) throws IOException {
    Chart chart = new Chart("Update fan-out: from the update's 200 until the refresh queue is drained",
        "affected keys", "seconds").logX().logY();
    Chart perKey = new Chart("Update fan-out per key", "affected keys", "microseconds per key").logX();
    StringBuilder out = new StringBuilder("""

        ### Update fan-out against affected keys

        | affected keys | refreshing_total | samples | POST /update (send to 200) | 200 to queue drained | per key |
        |---:|---:|---:|---:|---:|---:|
        """);
    for (Point p : points) {
      chart.point("200 to drained", p.keys(), p.drainMillis() / 1000);
      perKey.point("per key", p.keys(), p.microsPerKey());
      out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %.0f us |%n", Row.count(p.keys()),
          Row.count(p.refreshed()), p.samples(), Row.ms(p.updateMillis()), Row.ms(p.drainMillis()), p.microsPerKey()));
    }
    if (!statements.isEmpty()) {
      out.append("\nPostgreSQL's busiest statements during the ").append(Row.count(points.get(points.size() - 1).keys()))
          .append("-key fan-out (pg_stat_statements, by total time):\n\n");
      statements.forEach(line -> out.append("- ").append(line.replace("|", "\\|")).append('\n'));
    }
    chart.write(results.resolve("fanout.png"));
    perKey.write(results.resolve("fanout-per-key.png"));
    out.append("""

        ![Update fan-out time against affected keys](bench/results/fanout.png)
        ![Update fan-out per key](bench/results/fanout-per-key.png)
        """);
    return out.toString();
  }
}
