package dev.kck.product;

import com.github.benmanes.caffeine.cache.Cache;
import dev.kck.kernel.Caches;
import dev.kck.kernel.KckException;
import dev.kck.kernel.RecentTexts;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every product this instance serves, by name, and the parsing of key text into {@link Key}s. */
public final class ProductRegistry {
  /**
   * Raw key texts already parsed, so that a hot key costs a hash lookup instead of splitting,
   * decoding and type-parsing its segments on every fetch. Keys are immutable; a product's
   * definition does not change while the instance runs. Bounded in bytes, not entries: clients,
   * even unauthenticated ones, choose the texts and their length.
   */
  static final long PARSED_KEYS_BYTES = 8L * 1024 * 1024;

  /** By name, in name order: a hash lookup on every fetch, the listing sorted. */
  private final Map<String, Primer> primers;
  private final Cache<String, Key> parsed = Caches.builder().maximumWeight(PARSED_KEYS_BYTES)
      .<String, Key>weigher((raw, key) -> 2 * (raw.length() + key.text().length()) + 64).build();
  /** The texts parsed last, before that cache: a hit here costs no full hash and no cache upkeep. */
  private final RecentTexts<Key> recent = new RecentTexts<>(4096, 256);

  public ProductRegistry(Collection<? extends Primer> all) {
    Map<String, Primer> byName = new TreeMap<>();
    for (Primer primer : all) {
      Primer previous = byName.putIfAbsent(primer.spec().name(), primer);
      if (previous != null) {
        throw new IllegalArgumentException("two products are named " + primer.spec().name());
      }
    }
    this.primers = new LinkedHashMap<>(byName);
  }

  public Optional<Primer> find(String product) {
    return Optional.ofNullable(primers.get(product));
  }

  /** The primer of a product, or 404. */
  public Primer get(String product) {
    Primer primer = primers.get(product);
    if (primer == null) {
      throw new KckException.NotFound("unknown product '" + product + "'");
    }
    return primer;
  }

  /** The freshness policy of the product a key text belongs to (the default for an unknown one). */
  public Freshness freshnessOf(String keyText) {
    Primer primer = primers.get(Key.productOf(keyText));
    return primer == null ? Freshness.DEFAULT : primer.spec().freshness();
  }

  public Collection<Primer> all() {
    return Collections.unmodifiableCollection(primers.values());
  }

  /**
   * Parses raw key text ({@code product/seg/seg}, segments still percent-encoded): 404 for an
   * unknown product, 400 naming the parameter for a wrong count or type.
   */
  public Key parse(String rawKey) {
    if (rawKey == null) {
      return parseText(null);
    }
    Key key = recent.get(rawKey);
    if (key == null) {
      key = parsed.get(rawKey, this::parseText);
      recent.put(rawKey, key);
    }
    return key;
  }

  private Key parseText(String rawKey) {
    if (rawKey == null || rawKey.isEmpty()) {
      throw new KckException.BadRequest("a key is required");
    }
    if (rawKey.length() > Key.MAX_LENGTH * 3) {
      throw new KckException.BadRequest("the key is longer than " + Key.MAX_LENGTH + " characters");
    }
    List<String> segments = splitOrReject(rawKey);
    Primer primer = get(segments.get(0));
    return key(primer.spec(), segments.subList(1, segments.size()));
  }

  /** A key of a product from decoded parameter texts, in declared order. */
  public static Key key(ProductSpec spec, List<String> texts) {
    List<Parameter> parameters = spec.parameters();
    if (texts.size() != parameters.size()) {
      throw new KckException.BadRequest(countMessage(spec, texts.size()),
          texts.size() < parameters.size() ? parameters.get(texts.size()).name() : null);
    }
    Object[] values = new Object[parameters.size()];
    StringBuilder text = new StringBuilder(spec.name());
    for (int i = 0; i < values.length; i++) {
      Parameter parameter = parameters.get(i);
      try {
        values[i] = parameter.type().parse(texts.get(i));
      } catch (IllegalArgumentException e) {
        throw new KckException.BadRequest("parameter '" + parameter.name() + "': " + e.getMessage(), parameter.name());
      }
      text.append('/').append(KeySegments.encode(parameter.type().format(values[i])));
    }
    if (text.length() > Key.MAX_LENGTH) {
      throw new KckException.BadRequest("the key is longer than " + Key.MAX_LENGTH + " characters");
    }
    return new Key(spec.name(), Arrays.asList(values), text.toString());
  }

  private static List<String> splitOrReject(String rawKey) {
    try {
      return KeySegments.split(rawKey);
    } catch (IllegalArgumentException e) {
      throw new KckException.BadRequest(e.getMessage());
    }
  }

  private static String countMessage(ProductSpec spec, int given) {
    List<String> names = spec.parameters().stream().map(p -> p.name() + ":" + p.type().yamlName()).toList();
    return "product '" + spec.name() + "' takes " + names.size() + " parameter(s) " + names + ", got " + given;
  }
}
