package dev.kck.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the soak's own clients counted, by name: requests that went as expected ("cold fetches",
 * "stream events", ...) and errors ("cold fetch", "update", "stream ended", ...), the first few of
 * each error kept word for word for the report. Thread-safe: every client thread adds to it.
 */
final class SoakTally {
  private static final int EXAMPLES_KEPT = 3;

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final Map<String, List<String>> examples = new ConcurrentHashMap<>();
  private final List<String> notes = new CopyOnWriteArrayList<>();

  void count(String what) {
    counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
  }

  void error(String kind, String example) {
    errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    List<String> kept = examples.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>());
    if (kept.size() < EXAMPLES_KEPT) {
      kept.add(example);
      Log.progress("soak: %s: %s", kind, example);
    }
  }

  /** A figure for the report that is neither a count nor an error. */
  void note(String note) {
    notes.add(note);
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  /** The counts so far, sorted by name. */
  Map<String, Long> counts() {
    return snapshot(counts);
  }

  /** The errors so far by kind, sorted by name; empty when there were none. */
  Map<String, Long> errors() {
    return snapshot(errors);
  }

  List<String> examples(String kind) {
    return List.copyOf(examples.getOrDefault(kind, List.of()));
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> values) {
    Map<String, Long> copy = new TreeMap<>();
    values.forEach((name, value) -> copy.put(name, value.get()));
    return copy;
  }
}
