package dev.kck.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.kernel.KckException;
import dev.kck.product.Access;
import dev.kck.product.Freshness;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code GET /products}: the products the caller may fetch, with parameters, policy and access. */
final class ProductsRoute {
  private final ProductRegistry registry;
  private final Authenticator authenticator;

  ProductsRoute(ProductRegistry registry, Authenticator authenticator) {
    this.registry = registry;
    this.authenticator = authenticator;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ParameterView(String name, String type, String claim) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ProductView(String name, String description, String key, List<ParameterView> parameters,
      String fresh_for, String ttl, String stale_if_error, String refresh_every, boolean always_fresh, Object access) {}

  void list(Context ctx) {
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    List<ProductView> visible = registry.all().stream()
        .filter(primer -> mayFetch(primer, principal))
        .map(primer -> view(primer.spec()))
        .toList();
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(Map.of("products", visible)));
  }

  private boolean mayFetch(Primer primer, Principal principal) {
    try {
      authenticator.authorize(primer.spec().access(), principal);
      return true;
    } catch (KckException.Unauthorized | KckException.Forbidden e) {
      return false;
    }
  }

  private static ProductView view(ProductSpec spec) {
    Freshness f = spec.freshness();
    StringBuilder key = new StringBuilder(spec.name());
    spec.parameters().forEach(p -> key.append("/{").append(p.name()).append('}'));
    List<ParameterView> parameters = spec.parameters().stream()
        .map((Parameter p) -> new ParameterView(p.name(), p.type().yamlName(), p.claim()))
        .toList();
    return new ProductView(spec.name(), spec.description(), key.toString(), parameters, text(f.freshFor()),
        text(f.ttl()), text(f.staleIfError()), text(f.refreshEvery()), f.alwaysFresh(), access(spec.access()));
  }

  private static Object access(Access access) {
    if (access instanceof Access.Scopes scopes) {
      return Map.of("scopes", new TreeSet<>(scopes.anyOf()));
    }
    return access instanceof Access.Public ? "public" : "authenticated";
  }

  /** A duration in the config's own notation, in the largest unit that divides it. */
  static String text(Duration duration) {
    if (duration == null) {
      return null;
    }
    long millis = duration.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis % sizes[i] == 0) {
        return millis / sizes[i] + units[i];
      }
    }
    return millis + "ms";
  }
}
