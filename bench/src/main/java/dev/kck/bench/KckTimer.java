package dev.kck.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of KCK's own Micrometer timers as /metrics shows it (Prometheus text): its count and sum.
 * Two readings around a batch of work give the mean time KCK spent on it, without the HTTP round
 * trips and the update's own insert that an end-to-end sample also holds.
 */
record KckTimer(long count, double seconds) {

  /** Reads {@code <name>_seconds_count} and {@code _sum} of the series whose labels include {@code labels}. */
  static KckTimer read(Http http, KckInstance kck, String name, String labels) {
    String text = Freshness.expect(http.get(kck.url() + "/metrics", null), 200, "GET /metrics").body();
    return new KckTimer((long) value(text, name + "_seconds_count", labels), value(text, name + "_seconds_sum", labels));
  }

  /** The mean milliseconds per run between an earlier reading and this one. */
  double meanMillisSince(KckTimer earlier) {
    long runs = count - earlier.count;
    if (runs <= 0) {
      throw new IllegalStateException("the timer did not run between the two readings");
    }
    return (seconds - earlier.seconds) * 1000 / runs;
  }

  long runsSince(KckTimer earlier) {
    return count - earlier.count;
  }

  private static double value(String metrics, String series, String labels) {
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
    while (line.find()) {
      if (line.group(1).contains(labels)) {
        return Double.parseDouble(line.group(2));
      }
    }
    return 0; // a timer that never ran has no series yet
  }
}
