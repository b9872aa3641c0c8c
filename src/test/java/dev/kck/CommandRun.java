package dev.kck;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@code kck} command run in this JVM, as {@code main} runs it, with what it printed. Log lines
 * (of an app running in the same JVM, say) are left out of {@code out}, so it holds what the
 * command printed.
 */
record CommandRun(int exitCode, String out, String err) {
  private static final String LOG_LINE = "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*\\R";

  static synchronized CommandRun of(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new CommandRun(code, out.toString(StandardCharsets.UTF_8).replaceAll(LOG_LINE, ""),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
