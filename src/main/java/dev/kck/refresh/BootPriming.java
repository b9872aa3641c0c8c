package dev.kck.refresh;

import dev.kck.cache.Fetcher;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Primes, before the instance reports ready, the {@code on_boot} keys, the keys an {@code
 * on_boot_sql} query names (a domain read once, at boot) and every key of each product's {@code
 * domain}, so its keys are all cached before the first fetch. A key computed by another instance is
 * just loaded from the store. A failing key or domain is logged and skipped: a key is then computed
 * on its first fetch, and a domain's next round queues what it lacks.
 */
public final class BootPriming {
  private static final Logger log = LoggerFactory.getLogger(BootPriming.class);

  private final ProductRegistry registry;
  private final Fetcher fetcher;
  private final DomainKeys domains;

  public BootPriming(ProductRegistry registry, Fetcher fetcher, DomainKeys domains) {
    this.registry = registry;
    this.fetcher = fetcher;
    this.domains = domains;
  }

  /** Primes every boot key; returns how many were primed. */
  public int run() {
    int primed = 0;
    for (Primer primer : registry.all()) {
      for (String key : bootKeys(primer.spec())) {
        primed += prime(key, primer) ? 1 : 0;
      }
    }
    return primed;
  }

  /** The product's boot keys: its {@code on_boot} list and a key per row of its {@code on_boot_sql}. */
  public List<String> bootKeys(ProductSpec spec) {
    List<String> keys = new ArrayList<>(spec.onBoot());
    if (spec.onBootSql() != null) {
      keys.addAll(read(spec, () -> domains.ofQuery(spec, spec.onBootSql(), "on_boot_sql").keys()));
    }
    if (spec.domain() != null) {
      keys.addAll(read(spec, () -> domains.of(spec).keys()));
    }
    return keys;
  }

  private static Collection<String> read(ProductSpec spec, Supplier<Collection<String>> keys) {
    try {
      return keys.get();
    } catch (RuntimeException e) {
      log.warn("The boot keys of {} could not be read: {}", spec.name(), e.getMessage());
      return List.of();
    }
  }

  private boolean prime(String text, Primer primer) {
    try {
      Key key = registry.parse(text);
      fetcher.fetch(key, primer);
      return true;
    } catch (RuntimeException e) {
      log.warn("Could not prime {} at boot: {}", text, e.getMessage());
      return false;
    }
  }
}
