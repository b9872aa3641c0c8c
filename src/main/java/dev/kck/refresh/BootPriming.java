package dev.kck.refresh;

import dev.kck.cache.Fetcher;
import dev.kck.product.Key;
import dev.kck.product.KeySegments;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Primes the {@code on_boot} keys, and the keys an {@code on_boot_sql} query names (a domain
 * warm-up), before the instance reports ready. A key computed by another instance is just loaded
 * from the store. A failing key is logged and skipped: it will be computed on its first fetch.
 */
public final class BootPriming {
  private static final Logger log = LoggerFactory.getLogger(BootPriming.class);

  private final ProductRegistry registry;
  private final Fetcher fetcher;
  private final DataSource source;

  public BootPriming(ProductRegistry registry, Fetcher fetcher, DataSource source) {
    this.registry = registry;
    this.fetcher = fetcher;
    this.source = source;
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
      keys.addAll(keysFromQuery(spec));
    }
    return keys;
  }

  /** One key per row: each parameter's value from the column of the same name. */
  private List<String> keysFromQuery(ProductSpec spec) {
    List<String> keys = new ArrayList<>();
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(spec.onBootSql())) {
      while (rows.next()) {
        StringBuilder key = new StringBuilder(spec.name());
        for (Parameter parameter : spec.parameters()) {
          key.append('/').append(KeySegments.encode(rows.getString(parameter.name())));
        }
        keys.add(key.toString());
      }
    } catch (SQLException e) {
      log.warn("on_boot_sql of {} failed: {}", spec.name(), e.getMessage());
    }
    return keys;
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
