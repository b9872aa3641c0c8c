package dev.kck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The driver's open-file limit (bench/run.sh raises it as far as the machine lets it), which the KCK
 * instances it starts inherit. Every live client is a socket in the driver and one in KCK, so the
 * limit caps how many can be held; a margin stays for jars, logs, pools and the metrics calls.
 */
final class FileLimit {
  private static final int MARGIN = 500;

  private FileLimit() {}

  static int clientsAllowed() {
    return Math.max(1, openFiles() - MARGIN);
  }

  /** The soft "Max open files" of this process. */
  static int openFiles() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(soft);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no cap known
    }
    return Integer.MAX_VALUE;
  }
}
