package dev.kck.store;

import java.util.List;

/**
 * What an operator browses: a product's cached keys in a stable order, a page at a time, and how
 * many there are. A product's keys are its name alone or start with its name and {@code /}, as in
 * {@link KeyIndex#keysOf}.
 */
public interface KeyCatalog {

  /**
   * Up to {@code limit} keys of the product's stored, unexpired entries, in the backend's key order,
   * each after {@code after} ({@code null}: from the first). Passing the last key of one page as
   * {@code after} of the next walks every key that stays cached exactly once, however many keys
   * are added or removed meanwhile: the order is the keys' own, not their arrival.
   */
  List<String> keysAfter(String product, String after, int limit);

  /** How many stored, unexpired entries the product has. */
  long count(String product);
}
