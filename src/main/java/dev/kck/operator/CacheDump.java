package dev.kck.operator;

import dev.kck.product.ProductRegistry;
import dev.kck.store.CacheStore;
import dev.kck.store.StoredEntry;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the cache store's entries as JSON lines ({@link DumpLine}), product by product: every
 * cached, unexpired key the store's index lists for the products of the configuration. An entry
 * that expires or is deleted while the dump runs is left out. Keys of products that the
 * configuration no longer defines are not listed by the index, so they are not dumped.
 */
public final class CacheDump {
  /** The most keys listed per product: a bound on memory (the key texts are held while dumping). */
  static final int MAX_KEYS_PER_PRODUCT = 10_000_000;

  private final CacheStore store;
  private final ProductRegistry products;

  public CacheDump(CacheStore store, ProductRegistry products) {
    this.store = store;
    this.products = products;
  }

  /** The keys a dump of these products (all when empty) would write, in a stable order. */
  public List<String> keys(List<String> productNames) {
    List<String> keys = new ArrayList<>();
    for (String product : selected(productNames)) {
      keys.addAll(new TreeSet<>(store.index().keysOf(product, MAX_KEYS_PER_PRODUCT)));
    }
    return keys;
  }

  /**
   * Writes one line per key still cached; returns how many were written.
   *
   * @throws dev.kck.kernel.KckException.Unavailable when the store fails on the way
   */
  public long write(List<String> keys, Writer out, Progress progress) throws IOException {
    long written = 0;
    for (String key : keys) {
      Optional<StoredEntry> entry = store.entries().get(key);
      if (entry.isPresent()) {
        List<String> dependents = new ArrayList<>(new TreeSet<>(store.index().dependentsOf(key)));
        out.write(new DumpLine(entry.get(), dependents).write());
        out.write('\n');
        written++;
      }
      progress.step();
    }
    return written;
  }

  /** The named products (each must exist: an unknown one is a 404-style error), or all of them. */
  private Set<String> selected(List<String> productNames) {
    Set<String> names = new TreeSet<>();
    if (productNames.isEmpty()) {
      products.all().forEach(primer -> names.add(primer.spec().name()));
    } else {
      productNames.forEach(name -> names.add(products.get(name).spec().name()));
    }
    return names;
  }
}
