package dev.kck.service;

import dev.kck.product.Key;
import dev.kck.product.KeyTemplate;
import dev.kck.product.Parameter;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.refresh.RefreshPlanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A key's dependencies both ways: the keys it is built from (its product's {@code depends_on}
 * templates filled with its parameters) and the cached keys built from it (the planner's view: the
 * {@code depends_on} of other products and what Java primers recorded).
 */
final class KeyDependencies {
  private final ProductRegistry registry;
  private final RefreshPlanner planner;

  KeyDependencies(ProductRegistry registry, RefreshPlanner planner) {
    this.registry = registry;
    this.planner = planner;
  }

  List<String> dependsOn(Key key) {
    ProductSpec spec = registry.get(key.product()).spec();
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < spec.parameters().size(); i++) {
      Parameter parameter = spec.parameters().get(i);
      values.put(parameter.name(), parameter.type().format(key.values().get(i)));
    }
    List<String> keys = new ArrayList<>();
    for (KeyTemplate template : spec.dependsOn()) {
      registry.find(template.product()).ifPresent(primer ->
          keys.add(ProductRegistry.key(primer.spec(), template.expand(values)).text()));
    }
    return keys;
  }

  List<String> dependents(Key key) {
    return planner.dependentsOf(key).stream().sorted().toList();
  }
}
