package dev.kck.testing;

import dev.kck.product.Access;
import dev.kck.product.Key;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.PrimerContext;
import dev.kck.product.ProductSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Java primer found through ServiceLoader (META-INF/services in the test classpath) that counts
 * its runs per key and takes a while (300 ms, or -id ms for a negative id), so tests can count
 * primer runs instead of assuming them.
 */
public final class CountingPrimer implements Primer {
  public static final String SCOPE = "test:count";
  private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  private static final ProductSpec SPEC = ProductSpec.of("counted", List.of(Parameter.of("id", ParamType.LONG)))
      .withAccess(new Access.Scopes(Set.of(SCOPE)));

  @Override
  public ProductSpec spec() {
    return SPEC;
  }

  @Override
  public Object compute(Key key, PrimerContext context) throws InterruptedException {
    int run = RUNS.computeIfAbsent(key.text(), k -> new AtomicInteger()).incrementAndGet();
    long id = (Long) key.values().get(0);
    Thread.sleep(id < 0 ? -id : 300); // a negative id asks for a slow primer: -3000 takes 3 s
    return Map.of("id", key.values().get(0), "run", run);
  }

  /** How many times the key was computed, by any instance in this JVM. */
  public static int runs(String key) {
    AtomicInteger runs = RUNS.get(key);
    return runs == null ? 0 : runs.get();
  }
}
