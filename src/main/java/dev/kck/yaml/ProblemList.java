package dev.kck.yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects problems while reading files, so that all of them are reported at once. */
public final class ProblemList {
  private static final Path WORKING_DIR = Path.of("").toAbsolutePath();

  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Map<String, Integer> fileOrder = new LinkedHashMap<>();
  private final Set<String> fieldsRead = new LinkedHashSet<>();

  public void add(Path file, String path, int line, String message) {
    String name = display(file);
    fileOrder.putIfAbsent(name, fileOrder.size());
    problems.add(new ConfigProblem(name, path, line, message));
  }

  /** Notes a field path that a binder reads, so that tests can hold reference.yaml to the code. */
  public void fieldRead(String path) {
    fieldsRead.add(path);
  }

  public Set<String> fieldsRead() {
    return fieldsRead;
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public int size() {
    return problems.size();
  }

  /** Throws every problem collected so far, files in the order first seen, lines ascending within each. */
  public void throwIfAny() {
    if (problems.isEmpty()) {
      return;
    }
    List<ConfigProblem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt((ConfigProblem p) -> fileOrder.get(p.file()))
        .thenComparingInt(ConfigProblem::line));
    throw new ConfigException(sorted);
  }

  /** A file as the user would type it: relative to the working directory when it lies inside it. */
  public static String display(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(WORKING_DIR) && !absolute.equals(WORKING_DIR)
        ? WORKING_DIR.relativize(absolute).toString()
        : file.toString();
  }
}
