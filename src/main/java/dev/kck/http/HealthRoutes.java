package dev.kck.http;

import dev.kck.service.Health;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health/live} (the process answers) and {@code /health/ready} (its dependencies do). */
final class HealthRoutes {
  private final Health health;

  HealthRoutes(Health health) {
    this.health = health;
  }

  void live(Context ctx) {
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(Map.of("status", "up")));
  }

  void ready(Context ctx) {
    Health.Report report = health.check();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", report.up() ? "up" : "down");
    body.put("checks", report.checks());
    ctx.status(report.up() ? 200 : 503);
    if (!report.up()) {
      ctx.header("Retry-After", "5");
    }
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(body));
  }
}
