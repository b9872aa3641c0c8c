package dev.kck.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.PrimerContext;
import dev.kck.product.ProductSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A Java primer whose behaviour a unit test sets: its value is {@code {"key", "run", "data"}} (the
 * run counted per key, the data a test can change), it fails while told to, and it can fetch other
 * keys through its context (recording Java dependencies) or augment in place.
 */
public final class ScriptedPrimer implements Primer {
  private final ProductSpec spec;
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private volatile Object data = "v1";
  private volatile boolean failing;
  private volatile Function<Key, List<String>> fetches = key -> List.of();
  private volatile BiFunction<JsonNode, Map<String, Object>, Optional<Object>> augment = (current, hint) -> Optional.empty();

  public ScriptedPrimer(ProductSpec spec) {
    this.spec = spec;
  }

  @Override
  public ProductSpec spec() {
    return spec;
  }

  @Override
  public Object compute(Key key, PrimerContext context) {
    if (failing) {
      throw new IllegalStateException("scripted failure of " + key.text());
    }
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("key", key.text());
    value.put("run", runs.computeIfAbsent(key.text(), k -> new AtomicInteger()).incrementAndGet());
    value.put("data", data);
    for (String other : fetches.apply(key)) {
      value.put(other, context.fetch(other));
    }
    return value;
  }

  @Override
  public Optional<Object> augment(Key key, JsonNode current, String updater, Map<String, Object> hint,
      PrimerContext context) {
    return augment.apply(current, hint);
  }

  /** How many times the key was computed. */
  public int runs(String key) {
    AtomicInteger count = runs.get(key);
    return count == null ? 0 : count.get();
  }

  /** What the next computations put under {@code data}: as if the source data changed. */
  public ScriptedPrimer data(Object value) {
    this.data = value;
    return this;
  }

  /** Whether computations throw from now on. */
  public ScriptedPrimer failing(boolean value) {
    this.failing = value;
    return this;
  }

  /** The other keys a computation of a key fetches through its context. */
  public ScriptedPrimer fetching(Function<Key, List<String>> keys) {
    this.fetches = keys;
    return this;
  }

  /** How {@code augment} answers. */
  public ScriptedPrimer augmenting(BiFunction<JsonNode, Map<String, Object>, Optional<Object>> rule) {
    this.augment = rule;
    return this;
  }
}
