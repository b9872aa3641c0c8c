package dev.kck.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.kernel.KckException;
import dev.kck.product.ParameterRows;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.refresh.BootPriming;
import dev.kck.refresh.RefreshPlanner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /admin/warm/{product}}: queues a refresh of every key of a product, named by rows of
 * parameter values or, without a body, by its {@code on_boot} keys and {@code on_boot_sql}. The
 * refresh workers of the cluster then compute them. Every row is checked before anything is
 * queued: one bad row refuses the whole request and queues nothing.
 */
public final class Warming {
  static final int MAX_ROWS = 100_000;

  private final ProductRegistry registry;
  private final Authenticator authenticator;
  private final BootPriming boot;
  private final RefreshPlanner planner;

  public Warming(ProductRegistry registry, Authenticator authenticator, BootPriming boot, RefreshPlanner planner) {
    this.registry = registry;
    this.authenticator = authenticator;
    this.boot = boot;
    this.planner = planner;
  }

  /** @param rows an array of parameter objects (or one object); null when the request had no body */
  public AdminViews.Warmed warm(Principal principal, String product, JsonNode rows) {
    authenticator.authorize(AdminService.ADMIN, principal);
    ProductSpec spec = registry.get(product).spec();
    Set<String> keys = new LinkedHashSet<>(rows == null ? bootKeys(spec) : keysOf(spec, rows));
    planner.request(keys);
    return new AdminViews.Warmed(spec.name(), keys.size());
  }

  private List<String> bootKeys(ProductSpec spec) {
    if (spec.onBoot().isEmpty() && spec.onBootSql() == null && spec.domain() == null) {
      throw new KckException.BadRequest("product '" + spec.name()
          + "' has no on_boot, on_boot_sql or domain: send the keys' parameters as a JSON array of objects");
    }
    List<String> keys = new ArrayList<>();
    for (String text : boot.bootKeys(spec)) {
      keys.add(registry.parse(text).text());
    }
    return keys;
  }

  private List<String> keysOf(ProductSpec spec, JsonNode rows) {
    if (!rows.isArray() && !rows.isObject()) {
      throw new KckException.BadRequest("the body must be a JSON array of parameter objects");
    }
    if (rows.size() > MAX_ROWS) {
      throw new KckException.BadRequest("at most " + MAX_ROWS + " rows per request, got " + rows.size());
    }
    List<String> keys = new ArrayList<>();
    Iterator<JsonNode> each = rows.isArray() ? rows.elements() : List.of(rows).iterator();
    for (int index = 0; each.hasNext(); index++) {
      keys.add(keyOf(spec, each.next(), index));
    }
    return keys;
  }

  /** One row's key, or a refusal naming the row (counted from 0, as the array's index). */
  private static String keyOf(ProductSpec spec, JsonNode row, int index) {
    try {
      return ParameterRows.keyOf(spec, row).text();
    } catch (KckException.BadRequest e) {
      throw new KckException.BadRequest("row " + index + ": " + e.getMessage(), e.parameter());
    }
  }
}
