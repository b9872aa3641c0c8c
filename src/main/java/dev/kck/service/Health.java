package dev.kck.service;

import dev.kck.kernel.KckException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The readiness use case: is start-up done, and does each dependency answer now. */
public final class Health {
  private final Map<String, Runnable> dependencies;
  private final BooleanSupplier ready;

  /**
   * @param dependencies named checks that throw when a dependency is down (source, cache store), in report order
   * @param ready true once start-up work (such as on_boot priming) is done, and until the instance stops
   */
  public Health(Map<String, Runnable> dependencies, BooleanSupplier ready) {
    this.dependencies = new LinkedHashMap<>(dependencies);
    this.ready = ready;
  }

  /**
   * The state of start-up and of each dependency, by name, in the order given.
   *
   * @param up whether everything is up
   * @param checks {@code startup} and each dependency: {@code up}, {@code done}, or why not
   */
  public record Report(boolean up, Map<String, String> checks) {}

  public Report check() {
    Map<String, String> checks = new LinkedHashMap<>();
    boolean up = ready.getAsBoolean();
    checks.put("startup", up ? "done" : "in progress");
    for (Map.Entry<String, Runnable> dependency : dependencies.entrySet()) {
      String status = check(dependency.getValue());
      checks.put(dependency.getKey(), status);
      up &= status.equals("up");
    }
    return new Report(up, checks);
  }

  private static String check(Runnable dependency) {
    try {
      dependency.run();
      return "up";
    } catch (KckException e) {
      return "down: " + e.getMessage();
    } catch (RuntimeException e) {
      return "down: " + e.getClass().getSimpleName();
    }
  }
}
