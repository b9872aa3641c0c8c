package dev.kck.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Child-JVM entry point: runs the main class named by the first argument and exits when the parent
 * (the benchmark driver) closes this process's standard input, which the kernel does when the parent
 * dies. So a killed driver leaves no Cassandra node, bare or direct-SQL server behind.
 */
public final class ExitWithParent {
  private ExitWithParent() {}

  public static void main(String[] args) throws ReflectiveOperationException {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: ExitWithParent <main class> [args...]");
    }
    Thread watcher = new Thread(ExitWithParent::exitOnEndOfInput, "exit-with-parent");
    watcher.setDaemon(true);
    watcher.start();
    try {
      Class.forName(args[0]).getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(args[0] + " failed", e.getCause());
    }
  }

  private static void exitOnEndOfInput() {
    try (InputStream in = System.in) {
      while (in.read() != -1) {
        // Nothing is ever sent; only the end of the pipe matters.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end of input.
    }
    System.exit(0);
  }
}
