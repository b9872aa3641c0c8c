package dev.kck.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.cache.Fetcher;
import dev.kck.kernel.Json;
import dev.kck.product.Domain;
import dev.kck.product.Key;
import dev.kck.product.Parameter;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the keys of a product's domain from its parameter rows: the rows of a query ({@code
 * domain_sql}, and {@code on_boot_sql}, the domain read once at boot) or the items of another
 * product's value ({@code domain}). Each parameter's value comes from the column or field of its
 * name (a list of plain values suits a product with one parameter). A row that makes no key of the
 * product is skipped, and counted in one warning per read: one bad row never empties a domain.
 */
public final class DomainKeys {
  private static final Logger log = LoggerFactory.getLogger(DomainKeys.class);

  private final ProductRegistry registry;
  private final Fetcher fetcher;
  private final DataSource source;

  /**
   * The keys read, and whether they are all of them: a domain larger than {@link
   * RefreshPlanner#MAX_KEYS_PER_PRODUCT} is cut there, and nothing may be evicted on its account.
   */
  public record Read(Set<String> keys, boolean complete) {}

  public DomainKeys(ProductRegistry registry, Fetcher fetcher, DataSource source) {
    this.registry = registry;
    this.fetcher = fetcher;
    this.source = source;
  }

  /** The product's domain now; throws when it cannot be read (a failed read is never an empty domain). */
  public Read of(ProductSpec spec) {
    Domain domain = spec.domain();
    return domain.sql() != null ? ofQuery(spec, domain.sql(), "domain_sql") : ofValue(spec, domain.key());
  }

  /** The keys whose parameter rows the query returns; {@code field} names it in messages. */
  public Read ofQuery(ProductSpec spec, String sql, String field) {
    Rows rows = new Rows(spec, field);
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      while (results.next() && rows.room()) {
        rows.add(name -> column(results, name));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(field + " of " + spec.name() + " failed: " + e.getMessage(), e);
    }
    return rows.done();
  }

  /** The keys whose parameter rows are the items of another product's value (a list). */
  private Read ofValue(ProductSpec spec, String keyText) {
    Key key = registry.parse(keyText);
    JsonNode value;
    try {
      value = Json.MAPPER.readTree(fetcher.fetch(key, registry.get(key.product())).entry().value());
    } catch (IOException e) {
      throw new IllegalStateException("the value of " + keyText + " is not JSON", e);
    }
    if (!value.isArray()) {
      throw new IllegalStateException("the domain of " + spec.name() + ", " + keyText + ", is not a list");
    }
    Rows rows = new Rows(spec, "domain " + keyText);
    for (int i = 0; i < value.size() && rows.room(); i++) {
      JsonNode item = value.get(i);
      rows.add(name -> field(item, name, spec.parameters().size()));
    }
    return rows.done();
  }

  private static String column(ResultSet results, String name) {
    try {
      Object value = results.getObject(name);
      return value instanceof Timestamp time ? time.toInstant().toString() : value == null ? null : value.toString();
    } catch (SQLException e) {
      throw new IllegalArgumentException("no column " + name);
    }
  }

  private static String field(JsonNode item, String name, int parameters) {
    if (!item.isContainerNode()) {
      if (parameters != 1) {
        throw new IllegalArgumentException("a plain value gives one parameter, not " + parameters);
      }
      return item.isNull() ? null : item.asText();
    }
    JsonNode value = item.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no field " + name);
    }
    return value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
  }

  /** Collects the keys of one read, skipping (and counting) rows that make no key. */
  private static final class Rows {
    private final ProductSpec spec;
    private final String what;
    private final Set<String> keys = new LinkedHashSet<>();
    private boolean complete = true;
    private int skipped;
    private String firstProblem;

    Rows(ProductSpec spec, String what) {
      this.spec = spec;
      this.what = what;
    }

    boolean room() {
      if (keys.size() < RefreshPlanner.MAX_KEYS_PER_PRODUCT) {
        return true;
      }
      complete = false;
      return false;
    }

    void add(Function<String, String> valueOf) {
      try {
        List<String> texts = new ArrayList<>();
        for (Parameter parameter : spec.parameters()) {
          String text = valueOf.apply(parameter.name());
          if (text == null) {
            throw new IllegalArgumentException(parameter.name() + " is null");
          }
          texts.add(text);
        }
        keys.add(ProductRegistry.key(spec, texts).text());
      } catch (RuntimeException e) {
        skipped++;
        firstProblem = firstProblem == null ? e.getMessage() : firstProblem;
      }
    }

    /** Throws when rows came but none made a key: a query that went wrong, never an empty domain. */
    Read done() {
      if (keys.isEmpty() && skipped > 0) {
        throw new IllegalStateException(what + " of " + spec.name() + ": no row makes a key (" + skipped
            + " row(s)); the first: " + firstProblem);
      }
      if (skipped > 0) {
        log.warn("{} of {}: {} row(s) make no key and are left out; the first: {}", what, spec.name(), skipped,
            firstProblem);
      }
      if (!complete) {
        log.warn("{} of {} has more than {} keys; the rest are left out", what, spec.name(), keys.size());
      }
      return new Read(keys, complete);
    }
  }
}
