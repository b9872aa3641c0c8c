package dev.kck.augment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kck.kernel.Json;
import dev.kck.product.AugmentRule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The YAML {@code augment} rules applied to a cached value: {@code add} adds to number fields of an
 * object, {@code append} appends a row to a list. Values are literals or {@code ":param"}
 * references to the updater's parameters (the hint). Any mismatch declines, and the caller then
 * recomputes the value in full.
 */
final class Augmentation {
  private Augmentation() {}

  static Optional<JsonNode> apply(AugmentRule rule, JsonNode current, Map<String, Object> hint) {
    return rule.add() != null ? add(rule.add(), current, hint) : append(rule.append(), current, hint);
  }

  private static Optional<JsonNode> add(Map<String, Object> fields, JsonNode current, Map<String, Object> hint) {
    if (!current.isObject()) {
      return Optional.empty();
    }
    ObjectNode updated = ((ObjectNode) current).deepCopy();
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      JsonNode existing = updated.get(field.getKey());
      BigDecimal delta = number(resolve(field.getValue(), hint));
      if (existing == null || !existing.isNumber() || delta == null) {
        return Optional.empty();
      }
      BigDecimal sum = existing.decimalValue().add(delta);
      if (existing.isIntegralNumber() && sum.stripTrailingZeros().scale() <= 0) {
        updated.put(field.getKey(), sum.toBigIntegerExact());
      } else {
        updated.put(field.getKey(), sum);
      }
    }
    return Optional.of(updated);
  }

  private static Optional<JsonNode> append(Map<String, Object> fields, JsonNode current, Map<String, Object> hint) {
    if (!current.isArray()) {
      return Optional.empty();
    }
    ArrayNode updated = ((ArrayNode) current).deepCopy();
    ObjectNode row = updated.addObject();
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      Object value = resolve(field.getValue(), hint);
      row.set(field.getKey(), Json.MAPPER.valueToTree(plain(value)));
    }
    return Optional.of(updated);
  }

  /** A {@code ":param"} reference's value from the hint; a literal as it is. */
  private static Object resolve(Object value, Map<String, Object> hint) {
    if (value instanceof String text && text.startsWith(":")) {
      return hint.get(text.substring(1));
    }
    return value;
  }

  private static BigDecimal number(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString());
    }
    return null;
  }

  /** Dates and times as the ISO text a primer would have produced. */
  private static Object plain(Object value) {
    return value instanceof TemporalAccessor || value instanceof UUID
        ? value.toString() : value;
  }
}
