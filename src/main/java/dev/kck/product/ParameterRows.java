package dev.kck.product;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.kernel.KckException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A row of parameter values given as JSON (an object naming every parameter of a product, each a
 * string, number or boolean) as that product's key: how {@code POST /admin/warm} and
 * {@code kck warm --rows} name the keys to warm. Callers say where the row was when it is refused.
 */
public final class ParameterRows {
  private ParameterRows() {}

  /** @throws KckException.BadRequest naming what is wrong with the row, and the parameter when one is at fault */
  public static Key keyOf(ProductSpec spec, JsonNode row) {
    if (!row.isObject()) {
      throw new KckException.BadRequest("a row must be a JSON object of parameter values");
    }
    for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (spec.parameters().stream().noneMatch(parameter -> parameter.name().equals(name))) {
        throw new KckException.BadRequest("'" + name + "' is not a parameter of " + spec.name());
      }
    }
    List<String> texts = new ArrayList<>();
    for (Parameter parameter : spec.parameters()) {
      JsonNode value = row.get(parameter.name());
      if (value == null || !value.isValueNode() || value.isNull()) {
        throw new KckException.BadRequest("parameter '" + parameter.name()
            + "' needs a value (string, number or boolean)", parameter.name());
      }
      texts.add(value.asText());
    }
    return ProductRegistry.key(spec, texts);
  }
}
