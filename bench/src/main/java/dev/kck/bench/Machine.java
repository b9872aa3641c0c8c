package dev.kck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the numbers were measured on. */
record Machine(int cpus, String cpuModel, String memory, String kernel, String java, String wrk, String load) {

  static Machine describe() {
    return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemory(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), wrkVersion(),
        loadAverage());
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String readCpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      String model = field(lines, "model name");
      String family = field(lines, "cpu family");
      String mhz = field(lines, "cpu MHz");
      boolean virtual = field(lines, "flags").contains("hypervisor");
      return model + " (family " + family + ", " + Math.round(Double.parseDouble(mhz)) + " MHz"
          + (virtual ? ", virtual machine" : "") + ")";
    } catch (IOException | NumberFormatException e) {
      return "?";
    }
  }

  private static String field(List<String> cpuinfo, String name) {
    return cpuinfo.stream().filter(l -> l.startsWith(name)).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
  }

  private static String readMemory() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
      return lines.stream().filter(l -> l.startsWith("MemTotal")).findFirst()
          .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static String wrkVersion() {
    try {
      Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      String first = new String(process.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
      process.waitFor();
      return first.replaceAll("\\s*Copyright.*", "").trim();
    } catch (IOException e) {
      return "not found";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
