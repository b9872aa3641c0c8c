package dev.kck.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.Json;
import dev.kck.KckException;
import dev.kck.product.Key;
import dev.kck.product.PrimerContext;
import dev.kck.product.ProductRegistry;
import java.io.IOException;
import javax.sql.DataSource;

/** The context a primer computes in: the source, and other keys through the same cache. */
final class FetchingContext implements PrimerContext {
  private final DataSource source;
  private final ProductRegistry registry;
  private final Fetcher fetcher;

  FetchingContext(DataSource source, ProductRegistry registry, Fetcher fetcher) {
    this.source = source;
    this.registry = registry;
    this.fetcher = fetcher;
  }

  @Override
  public DataSource source() {
    return source;
  }

  @Override
  public JsonNode fetch(String otherKey) {
    Key key = registry.parse(otherKey);
    CachedEntry entry = fetcher.fetch(key, registry.get(key.product())).entry();
    try {
      return Json.MAPPER.readTree(entry.value());
    } catch (IOException e) {
      throw new KckException.Internal("cached value of " + otherKey + " is not JSON", e);
    }
  }
}
