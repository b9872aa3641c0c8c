package dev.kck.product;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Computes a product's value on a miss or a refresh. YAML products are {@link SqlPrimer}s; Java
 * primers are found through {@link java.util.ServiceLoader} in {@code plugins/} or on the classpath.
 * Implementations must be thread-safe: KCK calls them from many threads, one run per key at a time.
 */
public interface Primer {

  /** The product's name, parameters and policies. */
  ProductSpec spec();

  /**
   * The value for a key: any Jackson-serialisable object. Throw {@link dev.kck.kernel.KckException.NotFound}
   * when the key has no value.
   */
  Object compute(Key key, PrimerContext context) throws Exception;

  /**
   * Applies an update to the current value in place. The hint is the updater's parameters. Return
   * empty to decline, in which case KCK recomputes the value in full.
   */
  default Optional<Object> augment(Key key, JsonNode current, String updater, Map<String, Object> hint,
      PrimerContext context) throws Exception {
    return Optional.empty();
  }
}
