package dev.kck;

import dev.kck.config.KckConfig;
import dev.kck.definition.Definitions;
import dev.kck.operator.CacheDump;
import dev.kck.operator.CacheLoad;
import dev.kck.operator.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kck dump} and {@code kck load}: the cache store as JSON lines, against a cluster's configuration. */
final class CacheCommands {
  private CacheCommands() {}

  @Command(name = "dump", header = "Write the cache as JSON lines: a backup, or a move to another store.",
      description = {"One cached entry a line: key, version, modified, expires_at, the keys recorded as built",
          "from it (dependents) and its value, exactly as stored. Progress goes to stderr."})
  static final class Dump implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = {"-o", "--out"}, description = "File to write (default: standard output)")
    Path out;

    @Option(names = "--product", description = "Only this product's keys (repeatable; default: every product)")
    List<String> products = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      KckConfig loaded = config.load();
      Definitions definitions = Main.definitions(loaded);
      try (StoreSession session = StoreSession.open(loaded)) {
        CacheDump dump = new CacheDump(session.store(), definitions.products());
        List<String> keys = dump.keys(products);
        Progress progress = Progress.onStderr("dump", "keys", keys.size());
        long written = out == null ? toStdout(dump, keys, progress) : toFile(dump, keys, progress);
        progress.done(written + " entries written" + (out == null ? "" : " to " + out));
      }
      return 0;
    }

    private static long toStdout(CacheDump dump, List<String> keys, Progress progress) throws IOException {
      Writer writer = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      long written = dump.write(keys, writer, progress);
      writer.flush();
      return written;
    }

    /** Writes beside the file, then moves it in place: a failed dump never leaves half a file. */
    private long toFile(CacheDump dump, List<String> keys, Progress progress) throws IOException {
      Path partial = out.resolveSibling(out.getFileName() + ".partial");
      try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        long written = dump.write(keys, writer, progress);
        writer.close();
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
        return written;
      } finally {
        Files.deleteIfExists(partial);
      }
    }
  }

  @Command(name = "load", header = "Load a file written by dump into the configured cache store.",
      description = {"The whole file is checked first: a bad line is reported with its number and nothing",
          "is loaded. Entries the store holds at a newer version, and expired ones, are skipped;",
          "running instances drop their older copies. Progress goes to stderr."})
  static final class Load implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A file written by kck dump")
    Path file;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
      KckConfig loaded = config.load();
      Definitions definitions = Main.definitions(loaded);
      CacheLoad.Checked checked = CacheLoad.check(file, definitions.products());
      try (StoreSession session = StoreSession.open(loaded)) {
        CacheLoad load = new CacheLoad(session.store(), session.notices(), session.versionFloor(), Clock.systemUTC());
        Progress progress = Progress.onStderr("load", "entries", checked.entries());
        CacheLoad.Outcome outcome = load.load(file, checked, progress);
        progress.done(outcome.written() + " written, " + outcome.keptNewer() + " kept (the store's were newer), "
            + outcome.expired() + " skipped (expired)");
      }
      return 0;
    }
  }
}
