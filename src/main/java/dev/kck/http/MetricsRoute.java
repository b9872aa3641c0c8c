package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.kernel.KckException;
import dev.kck.product.Access;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/** {@code GET /metrics} in Prometheus text format; needs a scope when server.metrics_scope is set. */
final class MetricsRoute {
  private final PrometheusMeterRegistry registry;
  private final Authenticator authenticator;
  private final Access access;

  MetricsRoute(PrometheusMeterRegistry registry, Authenticator authenticator, String scope) {
    this.registry = registry;
    this.authenticator = authenticator;
    this.access = scope == null || scope.isEmpty() ? Access.PUBLIC : new Access.Scopes(Set.of(scope));
  }

  void scrape(Context ctx) {
    if (!(access instanceof Access.Public)) {
      Principal principal = authenticator.authenticate(ctx.header("Authorization"));
      authenticator.authorize(access, principal);
    }
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
    ctx.result(registry.scrape());
  }
}
