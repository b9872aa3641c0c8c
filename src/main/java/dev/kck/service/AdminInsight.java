package dev.kck.service;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.cache.Staleness;
import dev.kck.kernel.KckException;
import dev.kck.product.Freshness;
import dev.kck.product.Key;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.refresh.Schedules;
import dev.kck.store.CacheStore;
import dev.kck.store.EntryOrigins;
import dev.kck.store.QueueInspection;
import dev.kck.store.StoredEntry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What operators read ({@code kck:admin}): the products with their numbers, a product's cached keys
 * page by page, one key with its freshness and dependencies, the refresh queue, the live
 * instances. Everything comes from the shared store, so any instance gives the same answer, except
 * the counters, which are the answering instance's own.
 */
public final class AdminInsight {
  static final int MAX_CLAIMS = 1000;

  private final ProductRegistry registry;
  private final Authenticator authenticator;
  private final CacheStore store;
  private final KeyDependencies dependencies;
  private final ProductStats stats;
  private final Clock clock;

  public AdminInsight(ProductRegistry registry, Authenticator authenticator, CacheStore store, RefreshPlanner planner,
      MeterRegistry meters, Schedules schedules, Clock clock) {
    this.registry = registry;
    this.authenticator = authenticator;
    this.store = store;
    this.dependencies = new KeyDependencies(registry, planner);
    this.stats = new ProductStats(registry, store.catalog(), meters, schedules);
    this.clock = clock;
  }

  public AdminViews.Products products(Principal principal) {
    authorize(principal);
    return new AdminViews.Products(stats.all());
  }

  /** A page of the product's cached keys: {@code limit} and {@code after} as the query gave them (null when absent). */
  public AdminViews.KeyPage keys(Principal principal, String product, String limit, String after) {
    authorize(principal);
    if (product == null || product.isBlank()) {
      throw new KckException.BadRequest("the query parameter 'product' is required", "product");
    }
    ProductSpec spec = registry.get(product).spec();
    int pageSize = KeyCursors.limit(limit);
    List<String> keys = store.catalog().keysAfter(spec.name(), KeyCursors.decode(after), pageSize);
    Instant now = clock.instant();
    List<AdminViews.KeySummary> summaries = new ArrayList<>();
    for (String key : keys) {
      // A key may expire or go between the catalog's read and this one: it is left out, the cursor moves past it.
      store.entries().get(key).ifPresent(entry -> summaries.add(summary(entry, spec.freshness(), now)));
    }
    String next = keys.size() < pageSize ? null : KeyCursors.encode(keys.get(keys.size() - 1));
    return new AdminViews.KeyPage(summaries, next);
  }

  /** One cached key; 404 when it is not cached. */
  public AdminViews.KeyDetail key(Principal principal, String rawKey) {
    authorize(principal);
    Key key = registry.parse(rawKey);
    StoredEntry entry = store.entries().get(key.text())
        .orElseThrow(() -> new KckException.NotFound("the key " + key.text() + " is not cached"));
    Freshness policy = registry.get(key.product()).spec().freshness();
    Instant now = clock.instant();
    Instant expires = policy.ttl() == null ? null : entry.modified().plus(policy.ttl());
    // An augmented version has no primer run of its own: no origin is shown for it.
    Optional<EntryOrigins.Origin> origin = store.origins().get(key.text())
        .filter(recorded -> recorded.version() == entry.version());
    return new AdminViews.KeyDetail(key.text(), entry.version(), entry.modified(),
        isStale(entry, policy, now), Staleness.freshUntil(entry.modified(), policy), expires,
        dependencies.dependsOn(key), dependencies.dependents(key),
        origin.map(EntryOrigins.Origin::instance).orElse(null), origin.map(EntryOrigins.Origin::primerMs).orElse(null));
  }

  public AdminViews.Queue queue(Principal principal) {
    authorize(principal);
    QueueInspection.QueueSnapshot snapshot = store.queueInspection().snapshot(MAX_CLAIMS);
    long oldestAge = snapshot.oldestRequested() == null
        ? 0 : Math.max(0, Duration.between(snapshot.oldestRequested(), clock.instant()).toMillis());
    List<AdminViews.Claim> claims = snapshot.claimed().stream()
        .map(claim -> new AdminViews.Claim(claim.key(), claim.holder(), claim.leaseUntil()))
        .toList();
    return new AdminViews.Queue(snapshot.depth(), oldestAge, claims);
  }

  public AdminViews.Instances instances(Principal principal) {
    authorize(principal);
    return new AdminViews.Instances(store.heartbeats().live().stream()
        .map(i -> new AdminViews.Instance(i.id(), i.host(), i.started(), i.lastSeen(), i.version()))
        .toList());
  }

  private static AdminViews.KeySummary summary(StoredEntry entry, Freshness policy, Instant now) {
    return new AdminViews.KeySummary(entry.key(), entry.version(), entry.modified(), isStale(entry, policy, now));
  }

  private static boolean isStale(StoredEntry entry, Freshness policy, Instant now) {
    return Staleness.of(entry.modified(), policy, now) != Staleness.FRESH;
  }

  private void authorize(Principal principal) {
    authenticator.authorize(AdminService.ADMIN, principal);
  }
}
