package dev.kck.operator;

import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;
import dev.kck.kernel.KckException;
import dev.kck.product.ProductRegistry;
import dev.kck.store.CacheStore;
import dev.kck.store.StoredEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Loads a dump ({@link DumpLine}s, one per line) into a cache store. The whole file is checked
 * first, so a bad file changes nothing; then each entry is written with the store's version
 * compare-and-set, so an entry the store already holds at an equal or newer version is kept, and
 * an entry that has expired since the dump is skipped. Running instances hear of each new version
 * (they drop their L1 copies), and the store's version counter is raised past every loaded
 * version, so the next refresh of a loaded key wins its compare-and-set.
 */
public final class CacheLoad {
  /** At most this many bad lines are listed; the count says how many more there were. */
  static final int MAX_PROBLEMS_LISTED = 20;

  private final CacheStore store;
  private final Notices notices;
  private final LongConsumer versionFloor;
  private final Clock clock;

  /**
   * @param versionFloor raises the store's version counter to at least the given version (a
   *     store whose versions are per key and above the clock's microseconds needs nothing)
   */
  public CacheLoad(CacheStore store, Notices notices, LongConsumer versionFloor, Clock clock) {
    this.store = store;
    this.notices = notices;
    this.versionFloor = versionFloor;
    this.clock = clock;
  }

  /** What a load did. */
  public record Outcome(long written, long keptNewer, long expired) {}

  /** What the check of a file found: its entries' count and highest version. */
  public record Checked(long entries, long maxVersion) {}

  /**
   * Reads the whole file and checks every line: valid JSON of a dump line, a key of a product of
   * this configuration.
   *
   * @throws IllegalArgumentException listing the bad lines as {@code FILE:LINE: what is wrong}
   * @throws UncheckedIOException when the file cannot be read
   */
  public static Checked check(Path file, ProductRegistry products) {
    List<String> problems = new ArrayList<>();
    long[] counts = new long[3]; // entries, highest version, bad lines
    eachLine(file, (number, line) -> {
      try {
        DumpLine parsed = DumpLine.parse(line);
        products.parse(parsed.entry().key());
        counts[0]++;
        counts[1] = Math.max(counts[1], parsed.entry().version());
      } catch (IllegalArgumentException | KckException.BadRequest | KckException.NotFound e) {
        counts[2]++;
        if (problems.size() < MAX_PROBLEMS_LISTED) {
          problems.add(file + ":" + number + ": " + e.getMessage());
        }
      }
    });
    if (counts[2] > 0) {
      String more = counts[2] > problems.size() ? "\n  ... and " + (counts[2] - problems.size()) + " more" : "";
      throw new IllegalArgumentException(file + " has " + counts[2] + " bad line(s); nothing was loaded:\n  "
          + String.join("\n  ", problems) + more);
    }
    return new Checked(counts[0], counts[1]);
  }

  /** Writes every entry of a file that {@link #check} accepted. */
  public Outcome load(Path file, Checked checked, Progress progress) {
    long[] counts = new long[3];
    eachLine(file, (number, line) -> {
      counts[write(DumpLine.parse(line))]++;
      progress.step();
    });
    versionFloor.accept(checked.maxVersion());
    return new Outcome(counts[0], counts[1], counts[2]);
  }

  /** Writes one entry; returns 0 when written, 1 when the store holds it at a newer version, 2 when expired. */
  private int write(DumpLine line) {
    StoredEntry entry = line.entry();
    if (entry.expiresAt() != null && !entry.expiresAt().isAfter(clock.instant())) {
      return 2;
    }
    // Dependencies first: a refresh of the key that a notice triggers must already see them.
    line.dependents().forEach(dependent -> store.index().addDependency(entry.key(), dependent));
    if (!store.entries().putIfNewer(entry)) {
      return 1;
    }
    notices.publish(new Change(Change.Kind.NEW_VERSION, entry.key(), entry.version()));
    return 0;
  }

  private interface LineAction {
    void accept(long number, String line);
  }

  /** Runs the action on every non-blank line, with its number (from 1). */
  private static void eachLine(Path file, LineAction action) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (!line.isBlank()) {
          action.accept(number, line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + describe(e), e);
    }
  }

  /** An I/O failure in words an operator reads (no stack trace, no class names where a word does). */
  static String describe(IOException e) {
    return e instanceof NoSuchFileException ? "no such file"
        : e instanceof AccessDeniedException ? "permission denied"
        : e instanceof MalformedInputException ? "not UTF-8 text"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
