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
    timer(ctx.method().name(), RouteNames.of(ctx.path()), ctx.statusCode())
        .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
  }

  /** The timer of requests of one method, route and status (HotFetch holds its own). */
  Timer timer(String method, String route, int status) {
    return timers.computeIfAbsent(method + ' ' + route + ' ' + status, name -> Timer.builder("kck.http.requests")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry));
  }
}
