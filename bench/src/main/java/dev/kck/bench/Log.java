package dev.kck.bench;

/** Progress on stderr, with seconds since the driver started; the table alone goes to stdout. */
final class Log {
  private static final long START = System.nanoTime();

  private Log() {}

  static void progress(String format, Object... args) {
    System.err.printf("[bench %6.1fs] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
  }
}
