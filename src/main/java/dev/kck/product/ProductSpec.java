package dev.kck.product;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything KCK knows about a product apart from how its value is computed: the same for SQL and
 * Java primers.
 *
 * @param name the product name, {@code [a-z][a-z0-9_]{0,62}}
 * @param parameters in key order
 * @param onBoot keys primed at start
 * @param onBootSql a query whose rows are parameter values of keys primed at start (null = none)
 * @param reads tables this product reads; an updater writing one refreshes every cached key
 * @param dependsOn key templates ({@code book/:book_id}) of the products this one is built from, parsed once
 * @param domain the keys kept warm, read again every round (null = none)
 * @param maxKeys how many keys of this product may stay cached; beyond it the least recently used
 *     are evicted (null = {@code cache.max_keys_per_product})
 */
public record ProductSpec(
    String name,
    String description,
    List<Parameter> parameters,
    Freshness freshness,
    Access access,
    List<String> onBoot,
    String onBootSql,
    List<String> reads,
    List<KeyTemplate> dependsOn,
    List<AugmentRule> augment,
    Domain domain,
    Integer maxKeys) {

  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  public ProductSpec {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("product name must match " + NAME.pattern() + ": " + name);
    }
    description = description == null ? "" : description;
    parameters = List.copyOf(parameters);
    freshness = freshness == null ? Freshness.DEFAULT : freshness;
    access = access == null ? Access.AUTHENTICATED : access;
    onBoot = onBoot == null ? List.of() : List.copyOf(onBoot);
    reads = reads == null ? List.of() : List.copyOf(reads);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    augment = augment == null ? List.of() : List.copyOf(augment);
    if (maxKeys != null && maxKeys < 1) {
      throw new IllegalArgumentException("max_keys must be at least 1: " + maxKeys);
    }
  }

  /** A spec with the configured bound of cached keys. */
  public ProductSpec(String name, String description, List<Parameter> parameters, Freshness freshness, Access access,
      List<String> onBoot, String onBootSql, List<String> reads, List<KeyTemplate> dependsOn,
      List<AugmentRule> augment, Domain domain) {
    this(name, description, parameters, freshness, access, onBoot, onBootSql, reads, dependsOn, augment, domain, null);
  }

  /** A spec without a domain. */
  public ProductSpec(String name, String description, List<Parameter> parameters, Freshness freshness, Access access,
      List<String> onBoot, String onBootSql, List<String> reads, List<KeyTemplate> dependsOn,
      List<AugmentRule> augment) {
    this(name, description, parameters, freshness, access, onBoot, onBootSql, reads, dependsOn, augment, null);
  }

  /** A spec with defaults for everything but the name and parameters (for Java primers and tests). */
  public static ProductSpec of(String name, List<Parameter> parameters) {
    return new ProductSpec(name, "", parameters, null, null, null, null, null, null, null);
  }

  public ProductSpec withFreshness(Freshness value) {
    return new ProductSpec(name, description, parameters, value, access, onBoot, onBootSql, reads, dependsOn, augment,
        domain, maxKeys);
  }

  /** The spec with these depends_on templates ({@code book/:book_id}). */
  public ProductSpec withDependsOn(List<String> templates) {
    List<KeyTemplate> parsed = templates.stream().map(KeyTemplate::parse).toList();
    return new ProductSpec(name, description, parameters, freshness, access, onBoot, onBootSql, reads, parsed, augment,
        domain, maxKeys);
  }

  public ProductSpec withAccess(Access value) {
    return new ProductSpec(name, description, parameters, freshness, value, onBoot, onBootSql, reads, dependsOn, augment,
        domain, maxKeys);
  }

  public ProductSpec withDomain(Domain value) {
    return new ProductSpec(name, description, parameters, freshness, access, onBoot, onBootSql, reads, dependsOn, augment,
        value, maxKeys);
  }

  /** The spec with its own bound of cached keys (null = the configured one). */
  public ProductSpec withMaxKeys(Integer value) {
    return new ProductSpec(name, description, parameters, freshness, access, onBoot, onBootSql, reads, dependsOn, augment,
        domain, value);
  }
}
