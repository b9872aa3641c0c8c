package dev.kck.product;

import java.time.Duration;
import java.util.Objects;

/**
 * The keys a product keeps warm: the parameter rows of a query ({@code domain_sql}) or of another
 * product's value ({@code domain}, a key whose value is a list), read again every round. Keys that
 * enter the domain are primed within the round; keys that leave it are no longer refreshed by the
 * rounds and, with {@code evict}, removed from the store.
 *
 * @param sql a query without parameters whose columns are named after the product's parameters; or null
 * @param key the key text of another product whose value lists the rows; or null
 * @param every how often the domain is read again
 * @param evict whether cached keys outside the domain are removed at each round
 */
public record Domain(String sql, String key, Duration every, boolean evict) {
  /** Rounds read the source or the store: more often than this is a mistake, not a policy. */
  public static final Duration MINIMUM_EVERY = Duration.ofSeconds(1);

  public Domain {
    if ((sql == null) == (key == null)) {
      throw new IllegalArgumentException("a domain has a query or a key, exactly one");
    }
    Objects.requireNonNull(every, "every");
    if (every.compareTo(MINIMUM_EVERY) < 0) {
      throw new IllegalArgumentException("domain_every must be at least " + MINIMUM_EVERY.toSeconds() + "s");
    }
  }
}
