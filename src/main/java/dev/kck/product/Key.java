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
  public Key {
    values = List.copyOf(values);
  }

  @Override
  public String toString() {
    return text;
  }
}
