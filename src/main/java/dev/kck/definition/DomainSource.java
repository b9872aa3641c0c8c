package dev.kck.definition;

import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ResultMode;
import dev.kck.product.SqlPrimer;

/** The check of a {@code domain} key against every product: a key of a product whose value is a list. */
final class DomainSource {
  private DomainSource() {}

  /** What is wrong with the key as a domain source, or null when nothing is. */
  static String problemOf(ProductRegistry registry, String keyText) {
    Key key;
    try {
      key = registry.parse(keyText);
    } catch (KckException e) {
      return "'" + keyText + "' is not a key of a product: " + e.getMessage();
    }
    Primer source = registry.get(key.product());
    // A Java primer's value is known only when it runs: its rows are checked then.
    if (source instanceof SqlPrimer sql && sql.result() != ResultMode.LIST && sql.result() != ResultMode.VALUES) {
      return "'" + keyText + "' is a key of " + key.product() + ", whose value is one " + sql.result().yamlName()
          + "; a domain needs a list (result: list, or values for a product with one parameter)";
    }
    return null;
  }
}
