package dev.kck.product;

import java.util.List;

/**
 * A parsed key: a product and its typed parameter values in declared order.
 *
 * @param product the product name
 * @param values parsed values ({@link ParamType#parse}), one per declared parameter
 * @param text the canonical key text ({@code store_daily_sales/1/2025-03-14}): the cache key
 */
public record Key(String product, List<Object> values, String text) {
  /**
   * The longest canonical key text, in characters. Canonical keys are ASCII (percent-encoded), so
   * characters are bytes, and every cache store backend holds keys this long: PostgreSQL's B-tree
   * index refuses entries much over 2.7 KB, which leaves room above this.
   */
  public static final int MAX_LENGTH = 2000;

  public Key {
    values = List.copyOf(values);
  }

  /** The product a key text names, unparsed: its first segment (a key without parameters is the product's name). */
  public static String productOf(String keyText) {
    int slash = keyText.indexOf('/');
    return slash < 0 ? keyText : keyText.substring(0, slash);
  }

  @Override
  public String toString() {
    return text;
  }
}
