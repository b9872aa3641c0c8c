package dev.kck.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.PrimerContext;
import dev.kck.product.ProductRegistry;
import java.io.IOException;
import javax.sql.DataSource;

/**
 * The context a primer computes one key in: the source, and other keys through the same cache.
 * Each other key fetched is recorded in the store as a dependency, so its new versions refresh
 * the key being computed.
 */
final class FetchingContext implements PrimerContext {
  private final DataSource source;
  private final ProductRegistry registry;
  private final Fetcher fetcher;
  private final CacheStore store;
  private final Key computing;

  FetchingContext(DataSource source, ProductRegistry registry, Fetcher fetcher, CacheStore store, Key computing) {
    this.source = source;
    this.registry = registry;
    this.fetcher = fetcher;
    this.store = store;
    this.computing = computing;
  }

  @Override
  public DataSource source() {
    return source;
  }

  @Override
  public JsonNode fetch(String otherKey) {
    Key key = registry.parse(otherKey);
    if (key.text().equals(computing.text())) {
      throw new KckException.Internal(computing.text() + " cannot be built from itself", null);
    }
    store.addDependency(key.text(), computing.text());
    CachedEntry entry = fetcher.fetch(key, registry.get(key.product())).entry();
    try {
      return Json.MAPPER.readTree(entry.value());
    } catch (IOException e) {
      throw new KckException.Internal("cached value of " + otherKey + " is not JSON", e);
    }
  }
}
