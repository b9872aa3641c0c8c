package dev.kck.product;

import java.util.Map;

/**
 * How an updater's call is applied in place to a cached value. Exactly one of add (object results:
 * add to number fields) and append (list results: append a row) is set. Values are literals or
 * {@code ":param"} references to the updater's parameters.
 */
public record AugmentRule(String updater, Map<String, Object> add, Map<String, Object> append) {
  public AugmentRule {
    if ((add == null) == (append == null)) {
      throw new IllegalArgumentException("an augment rule needs exactly one of add and append");
    }
    add = add == null ? null : Map.copyOf(add);
    append = append == null ? null : Map.copyOf(append);
  }
}
