package dev.kck.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * CORS for the configured origins. A request from another origin is served without CORS headers
 * (so browsers keep its answer from the page) rather than refused: Javalin's bundled plugin answers
 * such requests with a bare 400, which is not a problem document and breaks non-browser callers
 * that happen to send an Origin.
 */
final class Cors {
  private static final String ALLOWED_HEADERS =
      "Authorization, Content-Type, If-None-Match, If-Match, Prefer, Last-Event-ID";
  private static final String ALLOWED_METHODS = "GET, HEAD, POST, DELETE, OPTIONS";
  private static final String EXPOSED_HEADERS =
      "ETag, Cache-Status, Age, Last-Modified, Retry-After, Preference-Applied";

  private final Set<String> origins;
  private final boolean anyOrigin;

  Cors(List<String> origins) {
    this.origins = Set.copyOf(origins);
    this.anyOrigin = origins.contains("*");
  }

  /** Adds CORS headers for an allowed origin; answers preflight requests with 204. */
  void apply(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || !(anyOrigin || origins.contains(origin))) {
      return;
    }
    ctx.header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
    ctx.header("Vary", "Origin");
    ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    if (ctx.method().name().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null) {
      ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
      ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      ctx.header("Access-Control-Max-Age", "600");
      ctx.status(204);
      ctx.skipRemainingHandlers();
    }
  }
}
