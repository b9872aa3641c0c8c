package dev.kck.augment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.cache.CachedEntry;
import dev.kck.cache.Fetcher;
import dev.kck.cache.Staleness;
import dev.kck.cache.ValueCodec;
import dev.kck.cache.VersionListener;
import dev.kck.kernel.Json;
import dev.kck.product.AugmentRule;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.SqlPrimer;
import dev.kck.store.EntryStore;
import dev.kck.store.StoredEntry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an update to cached values in place instead of recomputing them: the YAML
 * {@code augment} rules of SQL products, or {@code Primer.augment} of Java ones. It takes the
 * current value (the L1 copy, else the store's), applies the update and writes a new version with
 * {@link EntryStore#replace}: a compare-and-set on the version it started from, so no lease is
 * needed. Whenever it cannot (no value cached, no rule, a rule that does not fit, another write
 * since the read) it says so and the caller queues a full refresh.
 *
 * <p>The store gives the new value a new version, taken after the update committed: a primer run
 * that took its version earlier, and so may have read the data without the update, loses its
 * compare-and-set to the augmented value.
 */
public final class Augmenter {
  private static final Logger log = LoggerFactory.getLogger(Augmenter.class);

  /** The meter of augmentations, by product and outcome ({@code applied} or {@code declined}). */
  public static final String RUNS = "kck.augment.runs";

  private final ProductRegistry registry;
  private final EntryStore entries;
  private final Fetcher fetcher;
  private final Clock clock;
  private final VersionListener versions;
  private final MeterRegistry meters;
  private final ValueCodec values;

  public Augmenter(ProductRegistry registry, EntryStore entries, Fetcher fetcher, Clock clock,
      VersionListener versions, MeterRegistry meters, ValueCodec values) {
    this.registry = registry;
    this.entries = entries;
    this.fetcher = fetcher;
    this.clock = clock;
    this.versions = versions;
    this.meters = meters;
    this.values = values;
  }

  /** True when the key's value was updated in place; false when it needs a full refresh. */
  public boolean augment(String keyText, String updater, Map<String, Object> hint) {
    try {
      Key key = registry.parse(keyText);
      Primer primer = registry.get(key.product());
      if (!canAugment(primer, updater)) {
        return false;
      }
      long started = System.nanoTime();
      Optional<StoredEntry> augmented = augmentStored(key, primer, updater, hint);
      // Timed like kck.primer.runs: the computation and, here, its write; not the announcement that follows.
      Timer.builder(RUNS)
          .description("Values updated in place (read, apply, write), and the time it took")
          .tag("product", key.product()).tag("outcome", augmented.isPresent() ? "applied" : "declined")
          .register(meters).record(Duration.ofNanos(System.nanoTime() - started));
      augmented.ifPresent(entry -> versions.written(CachedEntry.of(entry), VersionListener.Origin.AUGMENTED));
      return augmented.isPresent();
    } catch (RuntimeException e) {
      log.warn("Augmenting {} after {} failed; recomputing instead: {}", keyText, updater, e.getMessage());
      return false;
    }
  }

  private boolean canAugment(Primer primer, String updater) {
    return !(primer instanceof SqlPrimer) || rule(primer, updater).isPresent();
  }

  private static Optional<AugmentRule> rule(Primer primer, String updater) {
    return primer.spec().augment().stream().filter(rule -> rule.updater().equals(updater)).findFirst();
  }

  /**
   * The new entry, written in place of the current one; empty when the caller must recompute
   * instead. It starts from this instance's L1 copy when there is one (no round trip) and, if the
   * store holds another version by now, starts again once from the store's. A rule or primer that
   * declines is not asked again: the caller recomputes.
   */
  private Optional<StoredEntry> augmentStored(Key key, Primer primer, String updater, Map<String, Object> hint) {
    Optional<StoredEntry> local = fetcher.local(key.text()).map(CachedEntry::stored);
    if (local.isPresent()) {
      Optional<?> augmented = apply(key, primer, updater, read(local.get()), hint);
      if (augmented.isEmpty()) {
        return Optional.empty();
      }
      Optional<StoredEntry> written = write(local.get(), key, primer, augmented.get());
      if (written.isPresent()) {
        return written;
      }
    }
    Optional<StoredEntry> stored = entries.get(key.text());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    return apply(key, primer, updater, read(stored.get()), hint).flatMap(value -> write(stored.get(), key, primer, value));
  }

  /** The augmented value as the version after {@code current}; empty when another write came first. */
  private Optional<StoredEntry> write(StoredEntry current, Key key, Primer primer, Object augmented) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant servableUntil = Staleness.servableUntil(now, primer.spec().freshness());
    return entries.replace(current, values.toJson(key.text(), augmented), now, servableUntil);
  }

  private Optional<?> apply(Key key, Primer primer, String updater, JsonNode current, Map<String, Object> hint) {
    if (primer instanceof SqlPrimer) {
      return Augmentation.apply(rule(primer, updater).orElseThrow(), current, hint);
    }
    try {
      return primer.augment(key, current, updater, hint, fetcher.contextFor(key));
    } catch (Exception e) {
      log.warn("Java primer {} failed to augment {}: {}", primer.spec().name(), key.text(), e.getMessage());
      return Optional.empty();
    }
  }

  private static JsonNode read(StoredEntry entry) {
    try {
      return Json.MAPPER.readTree(entry.value());
    } catch (IOException e) {
      throw new IllegalStateException("stored value of " + entry.key() + " is not JSON", e);
    }
  }

}
