package dev.kck.service;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.cluster.Change;
import dev.kck.cluster.Notices;
import dev.kck.kernel.KckException;
import dev.kck.product.Access;
import dev.kck.product.Key;
import dev.kck.product.ProductRegistry;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.store.EntryStore;
import java.util.List;
import java.util.Set;

/** The operators' use cases, for callers with the scope {@code kck:admin}: invalidate a key, refresh it. */
public final class AdminService {
  /** Who may use the admin use cases. */
  public static final Access ADMIN = new Access.Scopes(Set.of("kck:admin"));

  private final ProductRegistry registry;
  private final Authenticator authenticator;
  private final EntryStore entries;
  private final KeyVersions versions;
  private final Notices notices;
  private final RefreshPlanner planner;

  public AdminService(ProductRegistry registry, Authenticator authenticator, EntryStore entries,
      KeyVersions versions, Notices notices, RefreshPlanner planner) {
    this.registry = registry;
    this.authenticator = authenticator;
    this.entries = entries;
    this.versions = versions;
    this.notices = notices;
    this.planner = planner;
  }

  /** Invalidates one key everywhere; with {@code ifMatch}, only at that version (else 409). */
  public void invalidate(String rawKey, Principal principal, String ifMatch) {
    Key key = adminKey(rawKey, principal);
    if (ifMatch != null) {
      long version = versions.current(ifMatch, key.text());
      if (!entries.deleteIfVersion(key.text(), version)) {
        throw new KckException.Conflict("the cached version of " + key.text() + " is not " + ifMatch.trim());
      }
    } else {
      entries.delete(key.text());
    }
    notices.publish(new Change(Change.Kind.DELETED, key.text(), 0));
  }

  /** Queues a refresh of one key; returns the key, canonical. */
  public Key refresh(String rawKey, Principal principal) {
    Key key = adminKey(rawKey, principal);
    planner.request(List.of(key.text()));
    return key;
  }

  private Key adminKey(String rawKey, Principal principal) {
    authenticator.authorize(ADMIN, principal);
    return registry.parse(rawKey);
  }
}
