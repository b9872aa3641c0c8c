package dev.kck.definition;

import dev.kck.product.AugmentRule;
import dev.kck.product.ProductSpec;
import dev.kck.product.ResultMode;
import dev.kck.yaml.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a product's {@code augment} rules. Whether each {@code :name} is a parameter of the named
 * updater is checked where both files are known (the product registry), not here.
 */
final class AugmentBinder {
  private final Section s;

  AugmentBinder(Section section) {
    this.s = section;
  }

  List<AugmentRule> bind(ResultMode result) {
    List<AugmentRule> rules = new ArrayList<>();
    for (Section rule : s.sections("augment")) {
      AugmentRule bound = rule(rule, result);
      if (bound != null) {
        rules.add(bound);
      }
    }
    return rules;
  }

  private static AugmentRule rule(Section rule, ResultMode result) {
    String updater = rule.requiredString("updater");
    if (updater != null && !ProductSpec.NAME.matcher(updater).matches()) {
      rule.problem("updater", "'" + updater + "' is not an updater name");
    }
    boolean add = rule.has("add");
    boolean append = rule.has("append");
    Map<String, Object> addFields = add ? fields(rule, "add", true) : null;
    Map<String, Object> appendFields = append ? fields(rule, "append", false) : null;
    rule.finish();
    if (add == append) {
      rule.problem("give add (object results) or append (list results), exactly one");
      return null;
    }
    if (add && result != ResultMode.OBJECT || append && result != ResultMode.LIST) {
      rule.problem(add ? "add" : "append", (add ? "add applies to result: object" : "append applies to result: list")
          + ", and this product's result is " + result.yamlName());
      return null;
    }
    return updater == null || (add ? addFields : appendFields) == null ? null
        : new AugmentRule(updater, addFields, appendFields);
  }

  /** The field map; null when it has problems. add takes numbers or :name references only. */
  private static Map<String, Object> fields(Section rule, String key, boolean numbersOnly) {
    Section fields = rule.section(key); // reports a value that is not a mapping
    if (!rule.isMapping(key)) {
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    boolean ok = true;
    for (String field : fields.keys()) {
      Object value = fields.literal(field);
      boolean reference = value instanceof String text && text.startsWith(":");
      if (value != null && numbersOnly && !(value instanceof Number) && !reference) {
        fields.problem(field, "add takes a number or a :parameter, got '" + value + "'");
        ok = false;
      }
      ok &= value != null;
      values.put(field, value);
    }
    if (values.isEmpty()) {
      rule.problem(key, "name at least one field");
    }
    return ok && !values.isEmpty() ? values : null;
  }
}
