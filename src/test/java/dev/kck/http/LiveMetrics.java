package dev.kck.http;

import dev.kck.testing.RunningApp;

/** Reads KCK's live gauges and counters from {@code /metrics}, as an operator would. */
final class LiveMetrics {
  private LiveMetrics() {}

  /** The value of the first sample named {@code name} (with or without labels), or -1 when absent. */
  static double gauge(RunningApp instance, String name) {
    String text = instance.request().get("/metrics").then().statusCode(200).extract().asString();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }

  /** The sum of every sample of a counter named {@code name} whose labels contain {@code label}. */
  static double sum(RunningApp instance, String name, String label) {
    String text = instance.request().get("/metrics").then().statusCode(200).extract().asString();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
