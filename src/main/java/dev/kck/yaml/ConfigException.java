package dev.kck.yaml;

import java.util.List;

/**
 * Thrown when configuration, product or updater files are wrong. Carries every problem found, not just
 * the first, so that one {@code check} run shows the user everything to fix. Not a {@link
 * dev.kck.kernel.KckException}: it never reaches an HTTP client; {@code main} prints it and exits 2.
 */
public final class ConfigException extends RuntimeException {
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in file order, then line order within a file. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(List<ConfigProblem> problems) {
    StringBuilder text = new StringBuilder();
    text.append(problems.size()).append(problems.size() == 1 ? " configuration problem" : " configuration problems");
    for (ConfigProblem problem : problems) {
      text.append(System.lineSeparator()).append("  ").append(problem);
    }
    return text.toString();
  }
}
