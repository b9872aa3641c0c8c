package dev.kck.bench;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The Markdown the benchmark prints: the rows, the memory of each process, the setup it ran with. */
final class Report {
  /** Memory of one process at the end of its part of the run. */
  record Memory(String process, String role, long peakRssKb, long heapMaxBytes) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<Memory> memory = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> sections = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  void add(Memory entry) {
    memory.add(entry);
  }

  void note(String note) {
    notes.add(note);
  }

  /** A Markdown section of its own (the soak), printed after the setup lines. */
  void section(String markdown) {
    sections.add(markdown);
  }

  List<String> sections() {
    return List.copyOf(sections);
  }

  String markdown(Settings settings, Machine machine, String loadAtEnd, String postgresVersion) {
    StringBuilder out = new StringBuilder();
    out.append("## KCK benchmark, ").append(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS))
        .append("\n\n");
    out.append("| row | req/s (median) | vs bare | vs direct SQL | p50 | p99 | p99.9 | notes |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row row : rows) {
      out.append("| ").append(String.join(" | ", row.name(), row.rps(), row.vsBare(), row.vsDirect(), row.p50(),
          row.p99(), row.p999(), row.notes())).append(" |\n");
    }
    out.append("\n| process | role | peak RSS (VmHWM) | heap used (max sampled) |\n");
    out.append("|---|---|---:|---:|\n");
    for (Memory entry : memory) {
      out.append("| ").append(entry.process()).append(" | ").append(entry.role()).append(" | ")
          .append(entry.peakRssKb() < 0 ? "?" : String.format(java.util.Locale.ROOT, "%.0f MiB", entry.peakRssKb() / 1024.0))
          .append(" | ")
          .append(entry.heapMaxBytes() < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.0f MiB",
              entry.heapMaxBytes() / 1024.0 / 1024.0))
          .append(" |\n");
    }
    out.append('\n');
    for (String note : notes) {
      out.append("- ").append(note).append('\n');
    }
    out.append("\nMachine: ").append(machine.cpus()).append(" CPUs (").append(machine.cpuModel()).append("), ")
        .append(machine.memory()).append(" RAM, ").append(machine.kernel()).append("; ").append(machine.java())
        .append("; ").append(machine.wrk()).append("; ").append(postgresVersion).append(".\n");
    out.append("Load average at start ").append(machine.load()).append(", at end ").append(loadAtEnd)
        .append(" (other work on the machine shows here).\n");
    out.append("Settings: `").append(settings.describe()).append("`; servers run with `")
        .append(String.join(" ", settings.serverJvmOptions())).append("`.\n");
    sections.forEach(out::append);
    return out.toString();
  }
}
