package dev.kck.definition;

import dev.kck.product.Domain;
import dev.kck.product.KeySegments;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import dev.kck.product.SqlTemplate;
import dev.kck.yaml.Section;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Binds a product's domain: {@code domain_sql} or {@code domain}, with {@code domain_every} and
 * {@code domain_evict}. Whether a {@code domain} key names a product whose value is a list is
 * checked where every product is known ({@link CrossFileChecks}); what a query's columns really
 * are is known only when it runs, so here a query must at least mention each parameter.
 */
final class DomainBinder {
  private final Section s;

  DomainBinder(Section section) {
    this.s = section;
  }

  /** The domain, or null when the file declares none or it has problems (they are recorded). */
  Domain bind(String name, List<Parameter> parameters) {
    String sql = s.string("domain_sql", null);
    String key = s.string("domain", null);
    Duration every = s.duration("domain_every", null);
    boolean evict = s.bool("domain_evict", false);
    if (sql == null && key == null) {
      for (String field : List.of("domain_every", "domain_evict")) {
        if (s.has(field)) {
          s.problem(field, field + " applies to a domain; give domain_sql or domain too");
        }
      }
      return null;
    }
    boolean ok = checkForm(sql, key, parameters);
    ok &= checkEvery(every);
    ok &= sql == null ? checkKey(name, key) : checkSql(sql, parameters);
    return ok ? new Domain(sql, key, every, evict) : null;
  }

  private boolean checkForm(String sql, String key, List<Parameter> parameters) {
    if (sql != null && key != null) {
      s.problem("domain", "give domain_sql or domain, not both");
      return false;
    }
    if (parameters.isEmpty()) {
      s.problem(field(sql), "a product without parameters has one key; prime it with on_boot instead");
      return false;
    }
    return true;
  }

  private boolean checkEvery(Duration every) {
    if (every == null) {
      if (!s.has("domain_every")) {
        s.problem("domain_every", "missing; a domain is read again this often (at least "
            + Domain.MINIMUM_EVERY.toSeconds() + "s)");
      }
      return false;
    }
    if (every.compareTo(Domain.MINIMUM_EVERY) < 0) {
      s.problem("domain_every", "must be at least " + Domain.MINIMUM_EVERY.toSeconds() + "s");
      return false;
    }
    return true;
  }

  /**
   * The query takes no parameters, and must name a column after each of the product's parameters:
   * a parameter it never mentions cannot be one of its columns ({@code select *} is not enough).
   */
  private boolean checkSql(String sql, List<Parameter> parameters) {
    boolean ok = true;
    for (String used : SqlTemplate.parse(sql).names()) {
      s.problem("domain_sql", "domain_sql takes no parameters, but uses :" + used);
      ok = false;
    }
    String text = sql.toLowerCase(Locale.ROOT);
    for (Parameter parameter : parameters) {
      if (!Pattern.compile("\\b" + Pattern.quote(parameter.name()) + "\\b").matcher(text).find()) {
        s.problem("domain_sql", "domain_sql must return a column named " + parameter.name()
            + " (one per parameter, for example: select id as " + parameter.name() + " from ...)");
        ok = false;
      }
    }
    return ok;
  }

  private boolean checkKey(String name, String key) {
    String product;
    try {
      product = KeySegments.split(key).get(0);
    } catch (IllegalArgumentException e) {
      s.problem("domain", "'" + key + "' is not a key: " + e.getMessage());
      return false;
    }
    if (!ProductSpec.NAME.matcher(product).matches()) {
      s.problem("domain", "'" + key + "' is not a key of a product");
      return false;
    }
    if (product.equals(name)) {
      s.problem("domain", "'" + key + "' is a key of this product; a domain lists the keys of another one");
      return false;
    }
    return true;
  }

  private static String field(String sql) {
    return sql != null ? "domain_sql" : "domain";
  }
}
