package dev.kck.http;

import dev.kck.kernel.KckException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /health/live} (the process answers) and {@code /health/ready} (its dependencies do). */
final class HealthRoutes {
  private final Map<String, Runnable> dependencies;
  private final BooleanSupplier started;

  /**
   * @param dependencies named checks that throw when a dependency is down (source, cache store)
   * @param started true once start-up work (such as on_boot priming) is done
   */
  HealthRoutes(Map<String, Runnable> dependencies, BooleanSupplier started) {
    this.dependencies = dependencies;
    this.started = started;
  }

  void live(Context ctx) {
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(Map.of("status", "up")));
  }

  void ready(Context ctx) {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean allUp = started.getAsBoolean();
    checks.put("startup", allUp ? "done" : "in progress");
    for (Map.Entry<String, Runnable> dependency : dependencies.entrySet()) {
      String status = check(dependency.getValue());
      checks.put(dependency.getKey(), status);
      allUp &= status.equals("up");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", allUp ? "up" : "down");
    body.put("checks", checks);
    ctx.status(allUp ? 200 : 503);
    if (!allUp) {
      ctx.header("Retry-After", "5");
    }
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(body));
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
