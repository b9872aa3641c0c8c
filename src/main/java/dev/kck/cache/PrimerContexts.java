package dev.kck.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.PrimerContext;
import dev.kck.product.ProductRegistry;
import dev.kck.store.KeyIndex;
import java.io.IOException;
import javax.sql.DataSource;

/**
 * Makes the context a primer computes one key in: the source database, and other keys through
 * the same cache. Each other key fetched is recorded in the key index as a dependency, so its new
 * versions refresh the key being computed.
 */
public final class PrimerContexts {
  private final DataSource source;
  private final ProductRegistry registry;
  private final KeyIndex index;

  public PrimerContexts(DataSource source, ProductRegistry registry, KeyIndex index) {
    this.source = source;
    this.registry = registry;
    this.index = index;
  }

  /** The context for computing {@code computing}, fetching other keys through {@code fetcher}. */
  PrimerContext contextFor(Key computing, Fetcher fetcher) {
    return new FetchingContext(computing, fetcher);
  }

  private final class FetchingContext implements PrimerContext {
    private final Key computing;
    private final Fetcher fetcher;

    private FetchingContext(Key computing, Fetcher fetcher) {
      this.computing = computing;
      this.fetcher = fetcher;
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
      index.addDependency(key.text(), computing.text());
      CachedEntry entry = fetcher.fetch(key, registry.get(key.product())).entry();
      try {
        return Json.MAPPER.readTree(entry.value());
      } catch (IOException e) {
        throw new KckException.Internal("cached value of " + otherKey + " is not JSON", e);
      }
    }
  }
}
