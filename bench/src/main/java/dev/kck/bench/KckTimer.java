package dev.kck.bench;

/**
 * One of KCK's own Micrometer timers as /metrics shows it (Prometheus text): its count and sum.
 * Two readings around a batch of work give the mean time KCK spent on it, without the HTTP round
 * trips and the update's own insert that an end-to-end sample also holds.
 */
record KckTimer(long count, double seconds) {

  /** Reads {@code <name>_seconds_count} and {@code _sum} of the series whose labels include {@code labels}. */
  static KckTimer read(Http http, KckInstance kck, String name, String labels) {
    PrometheusText metrics = kck.metrics(http);
    return new KckTimer((long) orZero(metrics.sum(name + "_seconds_count", labels)),
        orZero(metrics.sum(name + "_seconds_sum", labels)));
  }

  /** A timer that never ran has no series yet. */
  private static double orZero(double value) {
    return Double.isNaN(value) ? 0 : value;
  }

  /** The mean milliseconds per run between an earlier reading and this one. */
  double meanMillisSince(KckTimer earlier) {
    long runs = count - earlier.count;
    if (runs <= 0) {
      throw new IllegalStateException("the timer did not run between the two readings");
    }
    return (seconds - earlier.seconds) * 1000 / runs;
  }
}
