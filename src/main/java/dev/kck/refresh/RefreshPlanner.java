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
import dev.kck.store.KeyCatalog;
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
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Works out which keys to refresh, and queues them: after an update (its {@code refreshes} keys and
 * every cached key of a product that {@code reads} a table it {@code writes}), and after a key gets
 * a new version (its {@code depends_on} dependents and the dependents Java primers recorded). A
 * product's cached keys are read from the {@link KeyCatalog} a page at a time and queued as they
 * come, so no fan-out holds all of them: a product may have millions.
 */
public final class RefreshPlanner {
  /** Bounds what a domain read holds (its keys are compared with the cached ones in memory). */
  static final int MAX_KEYS_PER_PRODUCT = 100_000;
  /** Keys read and queued per round trip of a fan-out. */
  static final int PAGE = 500;

  private final ProductRegistry registry;
  private final KeyIndex index;
  private final KeyCatalog catalog;
  private final RefreshQueue queue;
  private final Notices notices;
  private final Map<String, List<ProductSpec>> readersByTable = new HashMap<>();
  private final Map<String, List<Dependent>> dependentsByProduct = new HashMap<>();

  private record Dependent(ProductSpec spec, KeyTemplate template) {}

  /**
   * What an update's readers come to, read without walking them: the reading products, up to a
   * bounded number of their first keys (in catalog order, as a fan-out walks them), and how many
   * keys they have in all.
   */
  public record ReaderKeys(Set<String> products, List<String> first, long count) {
    public ReaderKeys {
      products = Set.copyOf(products);
      first = List.copyOf(first);
    }
  }

  /** What one request for an update's own key weighs in the queue's order (see {@link #requestForUpdate}). */
  public static final long UPDATE_DEMAND = 1_000;

  public RefreshPlanner(ProductRegistry registry, KeyIndex index, KeyCatalog catalog, RefreshQueue queue,
      Notices notices) {
    this.registry = registry;
    this.index = index;
    this.catalog = catalog;
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
    request(keys, 1);
  }

  /**
   * Queues the keys an update names itself, ahead of the rest: each request weighs {@value
   * #UPDATE_DEMAND} ordinary ones. The queue is claimed most demanded first, so a backlog of
   * stale-serve refreshes and readers' fan-outs does not hold back what an update's caller waits
   * to see (its "within 1 s").
   */
  public void requestForUpdate(Collection<String> keys) {
    request(keys, UPDATE_DEMAND);
  }

  private void request(Collection<String> keys, long demand) {
    if (keys.isEmpty()) {
      return;
    }
    requestWithOneRetry(keys, demand);
    notices.publish(new Change(Change.Kind.REFRESH_QUEUED, "", 0));
  }

  /**
   * A store briefly unavailable (a contended consensus round) gets a second try. Asking again for
   * a key already queued only adds to its demand, which orders the queue and changes nothing else.
   */
  private void requestWithOneRetry(Collection<String> keys, long demand) {
    try {
      queue.requestAll(keys, demand);
    } catch (KckException.Unavailable first) {
      try {
        Thread.sleep(50 + ThreadLocalRandom.current().nextInt(100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw first;
      }
      queue.requestAll(keys, demand);
    }
  }

  /** Where the planner announces what it queued (and a domain round what it evicted). */
  Notices notices() {
    return notices;
  }

  /**
   * Queues every cached key of every product that reads one of the tables, except {@code except}
   * (keys already dealt with), a page at a time. {@code afterEachPage} runs after each page is
   * queued: a caller keeps its claim alive there, or stops the walk by throwing.
   */
  public void requestReadersOf(Collection<String> tables, Set<String> except, Runnable afterEachPage) {
    for (ProductSpec reader : readersOfTables(tables)) {
      requestCached(reader.name(), key -> !except.contains(key), afterEachPage);
    }
  }

  /** Queues the product's cached keys that {@code which} accepts, a page at a time (see {@link #requestReadersOf}). */
  public void requestCached(String product, Predicate<String> which, Runnable afterEachPage) {
    forEachPage(product, page -> {
      request(page.stream().filter(which).toList());
      afterEachPage.run();
    });
  }

  /** The readers of the tables as a response names them: at most {@code look} keys are read. */
  public ReaderKeys readersAhead(Collection<String> tables, int look) {
    Set<String> products = new LinkedHashSet<>();
    List<String> first = new ArrayList<>();
    long count = 0;
    for (ProductSpec reader : readersOfTables(tables)) {
      products.add(reader.name());
      count += catalog.count(reader.name());
      if (first.size() < look) {
        first.addAll(catalog.keysAfter(reader.name(), null, look - first.size()));
      }
    }
    return new ReaderKeys(products, first, count);
  }

  /** Whether any product reads one of the tables. */
  public boolean readsAny(Collection<String> tables) {
    return !readersOfTables(tables).isEmpty();
  }

  /** The products reading any of the tables, each once. */
  private Set<ProductSpec> readersOfTables(Collection<String> tables) {
    Set<ProductSpec> readers = new LinkedHashSet<>();
    for (String table : tables) {
      readers.addAll(readersByTable.getOrDefault(table, List.of()));
    }
    return readers;
  }

  /** Hands each page of the product's cached keys, in catalog order, to {@code page}. */
  void forEachPage(String product, Consumer<List<String>> page) {
    String after = null;
    List<String> keys;
    do {
      keys = catalog.keysAfter(product, after, PAGE);
      if (!keys.isEmpty()) {
        page.accept(keys);
        after = keys.get(keys.size() - 1);
      }
    } while (keys.size() == PAGE);
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
    forEachPage(dependent.name(), page -> {
      for (String text : page) {
        Key key = parsedOrNull(text);
        if (key != null && matches(dependent, key, bound)) {
          matching.add(key.text());
        }
      }
    });
    return matching;
  }

  private Key parsedOrNull(String text) {
    try {
      return registry.parse(text);
    } catch (RuntimeException e) {
      return null; // written under an older definition of the product
    }
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
