package dev.kck.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kck.kernel.Json;
import dev.kck.product.Parameter;
import dev.kck.update.PreparedUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a committed update asks to happen next, recorded in its own transaction: the keys it names
 * (its {@code refreshes}, expanded), the tables it wrote (every cached key of a product reading one
 * is refreshed), and each call's parameters in canonical text (the hints augmentation used).
 */
public record Intent(String updater, List<String> keys, List<String> writes, List<Map<String, String>> calls) {

  public Intent {
    keys = List.copyOf(keys);
    writes = List.copyOf(writes);
    calls = List.copyOf(calls);
  }

  /** The intent of a prepared update. */
  public static Intent of(PreparedUpdate update) {
    List<Map<String, String>> calls = new ArrayList<>();
    for (Map<String, Object> call : update.calls()) {
      Map<String, String> texts = new LinkedHashMap<>();
      for (Parameter parameter : update.spec().parameters()) {
        Object value = call.get(parameter.name());
        texts.put(parameter.name(), value == null ? null : parameter.type().format(value));
      }
      calls.add(texts);
    }
    return new Intent(update.spec().name(), update.refreshKeys(), update.spec().writes(), calls);
  }

  String toJson() {
    try {
      return Json.MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an intent is plain text and lists", e);
    }
  }

  static Intent fromJson(String json) {
    try {
      return Json.MAPPER.readValue(json, Intent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored intent is not what KCK writes: " + e.getOriginalMessage(), e);
    }
  }
}
