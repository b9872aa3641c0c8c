package dev.kck.definition;

import dev.kck.product.Access;
import dev.kck.product.AugmentRule;
import dev.kck.product.Domain;
import dev.kck.product.Freshness;
import dev.kck.product.KeyTemplate;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import dev.kck.product.ResultMode;
import dev.kck.product.SqlTemplate;
import dev.kck.product.Webhook;
import dev.kck.yaml.EnvSubstitution;
import dev.kck.yaml.ProblemList;
import dev.kck.yaml.Section;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Binds one product file. Records are built only when the file had no problem, so their checks never throw. */
final class ProductBinder {
  private final Section s;
  private final ProblemList problems;

  ProductBinder(Section section, ProblemList problems) {
    this.s = section;
    this.problems = problems;
  }

  /** The product, or null when the file has problems (they are recorded). */
  ProductFile bind() {
    int before = problems.size();
    String name = DefinitionFields.name(s);
    String description = s.string("description", "");
    List<Parameter> parameters = DefinitionFields.parameters(s, false);
    String sql = DefinitionFields.sql(s);
    if (sql != null) {
      DefinitionFields.checkSqlNames(s, sql, parameters, true);
    }
    ResultMode result = result();
    Duration freshFor = optionalPositive("fresh_for");
    Duration ttl = optionalPositive("ttl");
    Duration staleIfError = optionalPositive("stale_if_error");
    Duration refreshEvery = optionalPositive("refresh_every");
    List<String> onBoot = onBoot(name, parameters);
    String onBootSql = onBootSql();
    boolean alwaysFresh = s.bool("always_fresh", false);
    List<String> reads = s.strings("reads", List.of());
    List<KeyTemplate> dependsOn = DefinitionFields.keyTemplates(s, "depends_on", parameters);
    Access access = DefinitionFields.access(s);
    List<AugmentRule> augment = new AugmentBinder(s).bind(result);
    Domain domain = new DomainBinder(s).bind(name, parameters);
    Integer maxKeys = maxKeys();
    List<Webhook> webhooks = new WebhookBinder(s, new EnvSubstitution(System.getenv())).bind();
    s.finish();
    if (problems.size() > before) {
      return null;
    }
    Freshness freshness = new Freshness(freshFor, ttl, staleIfError, refreshEvery, alwaysFresh);
    ProductSpec spec = new ProductSpec(name, description, parameters, freshness, access, onBoot, onBootSql,
        reads, dependsOn, augment, domain, maxKeys);
    return new ProductFile(spec, sql, result, s.file(), webhooks);
  }

  private ResultMode result() {
    String text = s.string("result", "object");
    ResultMode mode = ResultMode.fromYaml(text);
    if (mode == null) {
      s.problem("result", "expected object, list, value or values, got '" + text + "'");
      return ResultMode.OBJECT;
    }
    return mode;
  }

  /** The product's own bound of cached keys, at least 1, or null when absent (the configured one applies). */
  private Integer maxKeys() {
    if (!s.has("max_keys")) {
      return null;
    }
    int value = s.integer("max_keys", 1); // an unreadable value is reported by integer() already
    if (value < 1) {
      s.problem("max_keys", "must be at least 1, got " + value);
    }
    return value;
  }

  /** A duration longer than 0, or null when absent (or unreadable: the problem is recorded). */
  private Duration optionalPositive(String key) {
    Duration value = s.duration(key, null);
    if (value != null && value.isZero()) {
      s.problem(key, "must be longer than 0");
    }
    return value;
  }

  /** on_boot keys must be keys of this product, with a value of the right type for every parameter. */
  private List<String> onBoot(String name, List<Parameter> parameters) {
    List<String> keys = s.strings("on_boot", List.of());
    if (name == null) {
      return keys; // the name problem is reported already; the keys cannot be checked against it
    }
    for (String key : keys) {
      String[] segments = key.split("/", -1);
      if (!segments[0].equals(name)) {
        s.problem("on_boot", "'" + key + "' is not a key of " + name + " (it must start with " + name + ")");
      } else if (!countFits(segments.length - 1, parameters)) {
        s.problem("on_boot", "'" + key + "' has " + (segments.length - 1) + " parameter values; "
            + name + " takes " + parameters.size());
      } else {
        checkSegments(key, segments, parameters);
      }
    }
    return keys;
  }

  /** Trailing claim-bound parameters may be left out: they come from a caller's token, and boot has none. */
  private static boolean countFits(int values, List<Parameter> parameters) {
    if (values > parameters.size()) {
      return false;
    }
    return parameters.subList(values, parameters.size()).stream().allMatch(Parameter::isClaimBound);
  }

  private void checkSegments(String key, String[] segments, List<Parameter> parameters) {
    for (int i = 0; i + 1 < segments.length; i++) {
      ParamType type = parameters.get(i).type();
      try {
        // '+' is a plus in a path segment, not a space: keep it through URLDecoder.
        type.parse(URLDecoder.decode(segments[i + 1].replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        s.problem("on_boot", "'" + key + "': " + parameters.get(i).name() + ": " + e.getMessage());
      }
    }
  }

  /** on_boot_sql returns rows of parameter values; it takes no parameters itself. */
  private String onBootSql() {
    String sql = s.string("on_boot_sql", null);
    if (sql == null) {
      return null;
    }
    if (s.has("on_boot")) {
      s.problem("on_boot_sql", "give on_boot or on_boot_sql, not both");
    }
    for (String name : SqlTemplate.parse(sql).names()) {
      s.problem("on_boot_sql", "on_boot_sql takes no parameters, but uses :" + name);
    }
    return sql;
  }
}
