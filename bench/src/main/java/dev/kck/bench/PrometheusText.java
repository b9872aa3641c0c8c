package dev.kck.bench;

/** Values read out of the Prometheus text that KCK's GET /metrics returns. */
final class PrometheusText {
  private final String text;

  PrometheusText(String text) {
    this.text = text;
  }

  /**
   * The sum of every sample of {@code metric} whose labels contain {@code labels} ("" for any), or NaN
   * when there is none (a metric the instance does not register).
   */
  double sum(String metric, String labels) {
    double sum = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (isSampleOf(line, metric) && line.contains(labels)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }

  /** Exactly this metric: "kck_l1_bytes" must not match "kck_l1_bytes_total". */
  private static boolean isSampleOf(String line, String metric) {
    if (!line.startsWith(metric) || line.length() == metric.length()) {
      return false;
    }
    char next = line.charAt(metric.length());
    return next == '{' || next == ' ';
  }
}
