package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.cache.CacheStore;
import dev.kck.kernel.KckException;
import dev.kck.product.Access;
import dev.kck.product.Key;
import dev.kck.product.ProductRegistry;
import dev.kck.refresh.Change;
import dev.kck.refresh.ChangeFeed;
import dev.kck.refresh.RefreshPlanner;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code DELETE /cache/{key}} and {@code POST /refresh/{key}}: scope {@code kck:admin}. */
final class AdminRoutes {
  static final Access ADMIN = new Access.Scopes(Set.of("kck:admin"));

  private final ProductRegistry registry;
  private final Authenticator authenticator;
  private final CacheStore store;
  private final ChangeFeed feed;
  private final RefreshPlanner planner;

  AdminRoutes(ProductRegistry registry, Authenticator authenticator, CacheStore store, ChangeFeed feed,
      RefreshPlanner planner) {
    this.registry = registry;
    this.authenticator = authenticator;
    this.store = store;
    this.feed = feed;
    this.planner = planner;
  }

  /** Invalidates one key everywhere; with If-Match, only at that version (else 409). */
  void invalidate(Context ctx) {
    Key key = adminKey(ctx, "/cache/");
    String ifMatch = ctx.header("If-Match");
    if (ifMatch != null) {
      long version = Versions.fromIfMatch(ifMatch, store, key.text());
      if (!store.deleteIfVersion(key.text(), version)) {
        throw new KckException.Conflict("the cached version of " + key.text() + " is not " + ifMatch.trim());
      }
    } else {
      store.delete(key.text());
    }
    feed.publish(new Change(Change.Kind.DELETED, key.text(), 0));
    ctx.status(204);
  }

  /** Queues a refresh of one key. */
  void refresh(Context ctx) {
    Key key = adminKey(ctx, "/refresh/");
    planner.request(List.of(key.text()));
    ctx.status(202);
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(Map.of("key", key.text(), "queued", true)));
  }

  private Key adminKey(Context ctx, String prefix) {
    String rawKey = ctx.path().substring(prefix.length());
    ctx.attribute(Problems.KEY_ATTRIBUTE, rawKey);
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    authenticator.authorize(ADMIN, principal);
    return registry.parse(rawKey);
  }
}
