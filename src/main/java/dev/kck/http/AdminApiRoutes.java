package dev.kck.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.service.AdminInsight;
import dev.kck.service.Warming;
import io.javalin.http.Context;

/**
 * The operators' API under {@code /admin/} (scope {@code kck:admin}): the products with their
 * numbers, cached keys page by page, one key, the refresh queue, the live instances, and warming a
 * product. Answers are never cached by a client or proxy: they describe this moment.
 */
final class AdminApiRoutes {
  static final String KEYS = "/admin/keys/";
  static final String WARM = "/admin/warm/";

  private final AdminInsight insight;
  private final Warming warming;
  private final Authenticator authenticator;
  private final JsonBodies bodies;

  AdminApiRoutes(AdminInsight insight, Warming warming, Authenticator authenticator, JsonBodies bodies) {
    this.insight = insight;
    this.warming = warming;
    this.authenticator = authenticator;
    this.bodies = bodies;
  }

  void products(Context ctx) {
    render(ctx, 200, insight.products(caller(ctx)));
  }

  void keys(Context ctx) {
    render(ctx, 200, insight.keys(caller(ctx), ctx.queryParam("product"), ctx.queryParam("limit"),
        ctx.queryParam("after")));
  }

  void key(Context ctx) {
    String rawKey = ctx.path().substring(KEYS.length());
    ctx.attribute(Problems.KEY_ATTRIBUTE, rawKey);
    render(ctx, 200, insight.key(caller(ctx), rawKey));
  }

  void queue(Context ctx) {
    render(ctx, 200, insight.queue(caller(ctx)));
  }

  void instances(Context ctx) {
    render(ctx, 200, insight.instances(caller(ctx)));
  }

  /** 202: the keys are queued; the cluster's refresh workers compute them. No body: the product's boot keys. */
  void warm(Context ctx) {
    Principal principal = caller(ctx);
    JsonNode rows = hasBody(ctx) ? bodies.read(ctx) : null;
    render(ctx, 202, warming.warm(principal, ctx.path().substring(WARM.length()), rows));
  }

  private static boolean hasBody(Context ctx) {
    return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
  }

  private Principal caller(Context ctx) {
    return authenticator.authenticate(ctx.header("Authorization"));
  }

  private static void render(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(body));
  }
}
