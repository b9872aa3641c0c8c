package dev.kck.http;

import java.util.List;

/** A bounded set of route names for request metrics (never the key, which is unbounded). */
final class RouteNames {
  private static final List<String> ROUTES = List.of(
      "/fetch", "/update", "/subscribe", "/cache", "/refresh", "/products", "/health", "/metrics", "/openapi.json");

  private RouteNames() {}

  static String of(String path) {
    for (String route : ROUTES) {
      if (path.equals(route) || path.startsWith(route + "/")) {
        return route;
      }
    }
    return "other";
  }
}
