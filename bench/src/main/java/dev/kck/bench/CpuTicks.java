package dev.kck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time taken so far, from /proc, split the way a two-core loopback benchmark needs: the server
 * under test, PostgreSQL (every process named postgres) and the whole machine. Two readings around a
 * run say where the cores went. wrk is in "the rest": it has exited, and left /proc, by the second.
 */
record CpuTicks(long server, long postgres, long machineBusy) {
  /** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
  static final int TICKS_PER_SECOND = 100;

  static CpuTicks now(long serverPid) throws IOException {
    long postgres = 0;
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String stat = readOrEmpty(process.resolve("stat"));
        if (stat.contains("(postgres)")) {
          postgres += ticksOf(stat);
        }
      }
    }
    return new CpuTicks(ticksOf(readOrEmpty(Path.of("/proc", Long.toString(serverPid), "stat"))), postgres,
        readMachineBusy());
  }

  /** Shares of the machine's capacity (every core) between two readings, in percent. */
  String sharesSince(CpuTicks before, double seconds) {
    double capacity = seconds * TICKS_PER_SECOND * Runtime.getRuntime().availableProcessors() / 100.0;
    long serverTicks = server - before.server;
    long postgresTicks = postgres - before.postgres;
    long rest = machineBusy - before.machineBusy - serverTicks - postgresTicks;
    return String.format(java.util.Locale.ROOT, "server %.0f%%, PostgreSQL %.0f%%, the rest (wrk, other JVMs, the "
            + "kernel) %.0f%%, idle %.0f%%", serverTicks / capacity, postgresTicks / capacity,
        Math.max(0, rest) / capacity, Math.max(0, 100 - (machineBusy - before.machineBusy) / capacity));
  }

  /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the command name's ')'. */
  private static long ticksOf(String stat) {
    if (stat.isEmpty()) {
      return 0;
    }
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** The busy part of the first line of /proc/stat: user, nice, system, irq, softirq, steal. */
  private static long readMachineBusy() throws IOException {
    List<String> cpu = List.of(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"));
    return Stream.of(1, 2, 3, 6, 7, 8).mapToLong(i -> Long.parseLong(cpu.get(i))).sum();
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return ""; // the process ended between listing and reading
    }
  }
}
