package dev.kck.operator;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for long work: {@code dump: 1200/5000 entries (24%)}. On a terminal it
 * is rewritten in place a few times a second; into a file or a pipe it is a new line at each tenth
 * of the way, so logs stay short. The last line is always written by {@link #done}.
 */
public final class Progress {
  private static final long REDRAW_NANOS = 250_000_000L;

  private final String what;
  private final String unit;
  private final long total;
  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier nanos;
  private long count;
  private long lastDrawn = Long.MIN_VALUE;
  private long lastTenth;

  public Progress(String what, String unit, long total, PrintStream err, boolean terminal, LongSupplier nanos) {
    this.what = what;
    this.unit = unit;
    this.total = total;
    this.err = err;
    this.terminal = terminal;
    this.nanos = nanos;
  }

  /** A progress line for the command line: redrawn in place when stderr is a terminal. */
  public static Progress onStderr(String what, String unit, long total) {
    return new Progress(what, unit, total, System.err, System.console() != null, System::nanoTime);
  }

  /** One more done. */
  public void step() {
    step(1);
  }

  /** {@code done} more done. */
  public void step(long done) {
    count += done;
    if (terminal) {
      long now = nanos.getAsLong();
      if (lastDrawn == Long.MIN_VALUE || now - lastDrawn >= REDRAW_NANOS) {
        lastDrawn = now;
        err.print("\r" + line());
      }
    } else if (total > 0 && count * 10 / total > lastTenth && count < total) {
      lastTenth = count * 10 / total;
      err.println(line());
    }
  }

  /** Writes the final line, with what else there is to say (such as "3 expired, skipped"). */
  public void done(String summary) {
    String last = line() + (summary.isEmpty() ? "" : ", " + summary);
    err.println(terminal ? "\r" + last : last);
  }

  public long count() {
    return count;
  }

  String line() {
    String percent = total > 0 ? " (" + count * 100 / total + "%)" : "";
    return what + ": " + count + "/" + total + " " + unit + percent;
  }
}
