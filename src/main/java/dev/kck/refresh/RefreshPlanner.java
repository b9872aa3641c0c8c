package dev.kck.refresh;

import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;
import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.KeyTemplate;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.store.KeyIndex;
import dev.kck.store.RefreshQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Works out which keys to refresh, and queues them: after an update (its {@code refreshes} keys and
 * every cached key of a product that {@code reads} a table it {@code writes}), and after a key gets
 * a new version (its {@code depends_on} dependents and the dependents Java primers recorded).
 */
public final class RefreshPlanner {
  /** Bounds the work one change can fan out to. */
  static final int MAX_KEYS_PER_PRODUCT = 100_000;

  private final ProductRegistry registry;
  private final KeyIndex index;
  private final RefreshQueue queue;
  private final Notices notices;
  private final Map<String, List<ProductSpec>> readersByTable = new HashMap<>();
  private final Map<String, List<Dependent>> dependentsByProduct = new HashMap<>();

  private record Dependent(ProductSpec spec, KeyTemplate template) {}

  public RefreshPlanner(ProductRegistry registry, KeyIndex index, RefreshQueue queue, Notices notices) {
    this.registry = registry;
    this.index = index;
    this.queue = queue;
    this.notices = notices;
    for (Primer primer : registry.all()) {
      ProductSpec spec = primer.spec();
      spec.reads().forEach(table -> readersByTable.computeIfAbsent(table, t -> new ArrayList<>()).add(spec));
      for (KeyTemplate template : spec.dependsOn()) {
        dependentsByProduct.computeIfAbsent(template.product(), p -> new ArrayList<>()).add(new Dependent(spec, template));
      }
    }
  }

  /**
   * Queues a refresh of each key (deduplicated and demand-counted by the store, in as few round
   * trips as it can) and wakes the workers.
   */
  public void request(Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    requestWithOneRetry(keys);
    notices.publish(new Change(Change.Kind.REFRESH_QUEUED, "", 0));
  }

  /**
   * A store briefly unavailable (a contended consensus round) gets a second try. Asking again for
   * a key already queued only adds to its demand, which orders the queue and changes nothing else.
   */
  private void requestWithOneRetry(Collection<String> keys) {
    try {
      queue.requestAll(keys, 1);
    } catch (KckException.Unavailable first) {
      try {
        Thread.sleep(50 + ThreadLocalRandom.current().nextInt(100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw first;
      }
      queue.requestAll(keys, 1);
    }
  }

  /** Where the planner announces what it queued (and a domain round what it evicted). */
  Notices notices() {
    return notices;
  }

  /** Every cached key of every product that reads one of the tables. */
  public Set<String> readersOf(Collection<String> tables) {
    Set<String> keys = new LinkedHashSet<>();
    for (String table : tables) {
      for (ProductSpec reader : readersByTable.getOrDefault(table, List.of())) {
        keys.addAll(index.keysOf(reader.name(), MAX_KEYS_PER_PRODUCT));
      }
    }
    return keys;
  }

  /** The keys built from a key: by {@code depends_on} templates, and as recorded by Java primers. */
  public Set<String> dependentsOf(Key changed) {
    Set<String> keys = new LinkedHashSet<>(index.dependentsOf(changed.text()));
    for (Dependent dependent : dependentsByProduct.getOrDefault(changed.product(), List.of())) {
      Map<String, String> bound = bind(dependent.template(), changed);
      if (bound != null) {
        keys.addAll(cachedKeysMatching(dependent.spec(), bound));
      }
    }
    keys.remove(changed.text());
    return keys;
  }

  /** The dependent's parameter values the changed key fixes, or null when the template does not match it. */
  private Map<String, String> bind(KeyTemplate template, Key changed) {
    ProductSpec target = registry.get(changed.product()).spec();
    Map<String, String> bound = new HashMap<>();
    for (int i = 0; i < template.segments().size() && i < changed.values().size(); i++) {
      String segment = template.segments().get(i);
      String value = target.parameters().get(i).type().format(changed.values().get(i));
      if (segment.startsWith(":")) {
        bound.put(segment.substring(1), value);
      } else if (!segment.equals(value)) {
        return null;
      }
    }
    return bound;
  }

  /** Cached keys of the dependent product whose parameters equal the bound values. */
  private List<String> cachedKeysMatching(ProductSpec dependent, Map<String, String> bound) {
    List<String> matching = new ArrayList<>();
    for (String text : index.keysOf(dependent.name(), MAX_KEYS_PER_PRODUCT)) {
      Key key;
      try {
        key = registry.parse(text);
      } catch (RuntimeException e) {
        continue; // written under an older definition of the product
      }
      if (matches(dependent, key, bound)) {
        matching.add(key.text());
      }
    }
    return matching;
  }

  private static boolean matches(ProductSpec spec, Key key, Map<String, String> bound) {
    for (int i = 0; i < spec.parameters().size(); i++) {
      Parameter parameter = spec.parameters().get(i);
      String expected = bound.get(parameter.name());
      if (expected != null && !expected.equals(parameter.type().format(key.values().get(i)))) {
        return false;
      }
    }
    return true;
  }
}
