package dev.kck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A child process started by the driver (a KCK instance, the bare or direct-SQL server), its output
 * in a log file. (The Cassandra node is the test kit's, which runs its own process: see
 * {@link BenchCassandra}.) Every child is remembered so that {@link #stopAll()} (called by the
 * driver's shutdown hook, also on Ctrl-C) leaves nothing running.
 */
final class Child {
  private static final List<Child> RUNNING = new CopyOnWriteArrayList<>();

  final String name;
  final Path log;
  private final Process process;

  private Child(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  static Child start(String name, Path log, List<String> command, java.util.Map<String, String> env) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      builder.environment().putAll(env);
      Child child = new Child(name, log, builder.start());
      RUNNING.add(child);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** VmHWM and VmRSS of the process from /proc, in kB; -1 when unreadable. */
  long[] memoryKb() {
    return memoryKb(pid());
  }

  /** VmHWM and VmRSS of any process from /proc, in kB; -1 when unreadable. */
  static long[] memoryKb(long pid) {
    long peak = -1;
    long now = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          peak = Long.parseLong(line.replaceAll("\\D", ""));
        } else if (line.startsWith("VmRSS:")) {
          now = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return new long[] {peak, now};
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Waits up to a minute for {@code healthUrl} to answer 200; fails at once, with its log, if the process exits. */
  void awaitHealthy(Http http, String healthUrl) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new IllegalStateException(name + " exited:\n" + logTail(30));
      }
      if (http.statusOf(healthUrl) == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " not ready:\n" + logTail(30));
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  void stop() {
    stopAll(List.of(this));
  }

  /** Every child still running, all at once. */
  static void stopAll() {
    stopAll(List.copyOf(RUNNING));
  }

  private static void stopAll(List<Child> children) {
    RUNNING.removeAll(children);
    children.forEach(child -> child.process.destroy());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Child child : children) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!child.process.waitFor(left, TimeUnit.NANOSECONDS)) {
          child.process.destroyForcibly();
          child.process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        child.process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
