package dev.kck.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code kck.http.requests} by method, route and status. Timers are looked up in a local map, not
 * built per request: this runs on every request, hits included.
 */
final class RequestMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(Context ctx, float millis) {
    String method = ctx.method().name();
    String route = RouteNames.of(ctx.path());
    int status = ctx.statusCode();
    Timer timer = timers.computeIfAbsent(method + ' ' + route + ' ' + status, name -> Timer.builder("kck.http.requests")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry));
    timer.record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
  }
}
