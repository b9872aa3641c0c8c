package dev.kck.operator;

import dev.kck.cache.Staleness;
import dev.kck.product.Freshness;
import dev.kck.product.Key;
import dev.kck.product.KeySegments;
import dev.kck.product.KeyTemplate;
import dev.kck.product.Parameter;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.store.StoredEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What {@code kck inspect KEY} prints about one cached key: its version and times, where it stands
 * under its product's freshness policy now, the keys it is built from ({@code depends_on} of its
 * product, bound to its parameters) and the cached keys built from it ({@code depends_on} of other
 * products, and what Java primers recorded).
 */
public final class KeyReport {
  private final ProductRegistry products;
  private final RefreshPlanner planner;

  public KeyReport(ProductRegistry products, RefreshPlanner planner) {
    this.products = products;
    this.planner = planner;
  }

  /** The report as JSON-ready fields, in the order they print; empty when the key is not cached. */
  public Optional<Map<String, Object>> of(Key key, Optional<StoredEntry> stored, Instant now) {
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    StoredEntry entry = stored.get();
    Freshness policy = products.get(key.product()).spec().freshness();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("key", key.text());
    report.put("version", entry.version());
    report.put("modified", entry.modified().toString());
    report.put("freshness", Staleness.of(entry.modified(), policy, now).name().toLowerCase(Locale.ROOT));
    report.put("fresh_until", text(freshUntil(entry.modified(), policy)));
    report.put("expires", text(Staleness.servableUntil(entry.modified(), policy)));
    report.put("bytes", entry.value().length);
    report.put("depends_on", dependsOn(key));
    report.put("dependents", List.copyOf(new TreeSet<>(planner.dependentsOf(key))));
    return Optional.of(report);
  }

  /** The keys the product's depends_on templates name for this key's parameter values. */
  List<String> dependsOn(Key key) {
    ProductSpec spec = products.get(key.product()).spec();
    List<String> segments = KeySegments.split(key.text());
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < spec.parameters().size(); i++) {
      Parameter parameter = spec.parameters().get(i);
      values.put(parameter.name(), segments.get(i + 1));
    }
    List<String> keys = new ArrayList<>();
    for (KeyTemplate template : spec.dependsOn()) {
      List<String> texts = template.expand(values);
      if (!texts.contains(null)) {
        keys.add(ProductRegistry.key(products.get(template.product()).spec(), texts).text());
      }
    }
    return keys;
  }

  private static Instant freshUntil(Instant modified, Freshness policy) {
    return policy.freshFor() != null ? modified.plus(policy.freshFor())
        : policy.ttl() != null ? modified.plus(policy.ttl()) : null;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
