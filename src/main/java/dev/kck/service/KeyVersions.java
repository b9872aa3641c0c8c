package dev.kck.service;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.Fetcher;
import dev.kck.kernel.EntityTags;
import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.ProductRegistry;
import dev.kck.store.EntryStore;
import dev.kck.store.StoredEntry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The versions a conditional update works with: the one {@code If-Match} names, and the one it made. */
public final class KeyVersions {
  private static final Logger log = LoggerFactory.getLogger(KeyVersions.class);

  private final EntryStore entries;
  private final Fetcher fetcher;
  private final ProductRegistry registry;

  public KeyVersions(EntryStore entries, Fetcher fetcher, ProductRegistry registry) {
    this.entries = entries;
    this.fetcher = fetcher;
    this.registry = registry;
  }

  /**
   * The version an If-Match header asks for: {@code "12"} is 12, {@code *} is the current one.
   * 409 when the key has no value, or the header names no version it can have.
   */
  long current(String ifMatch, String key) {
    long current = entries.get(key).map(StoredEntry::version).orElse(0L);
    if (current == 0) {
      throw new KckException.Conflict(key + " has no cached version to match");
    }
    if (!EntityTags.matches(ifMatch, EntityTags.of(current))) {
      throw new KckException.Conflict("the current version of " + key + " is " + EntityTags.of(current) + ", not "
          + ifMatch.trim());
    }
    return current;
  }

  /** Recomputes the key now, on this thread; false when that failed (the caller queues it instead). */
  public boolean refreshNow(String keyText) {
    try {
      Key key = registry.parse(keyText);
      fetcher.refresh(key, registry.get(key.product()));
      return true;
    } catch (KckException e) {
      log.debug("Could not recompute {} at once; it is queued: {}", keyText, e.getMessage());
      return false;
    }
  }

  /**
   * The ETag of the key's version after an update based on {@code basedOn} (a client chains its next
   * conditional update on it): the one the update's relay made. Null when it is not known yet.
   */
  String newTag(String keyText, long basedOn) {
    try {
      Optional<CachedEntry> newer = fetcher.peek(keyText).filter(entry -> entry.version() > basedOn);
      return newer.map(CachedEntry::etag).orElse(null);
    } catch (KckException e) {
      log.warn("The update based on {} of {} committed, but its new version is not known yet: {}",
          EntityTags.of(basedOn), keyText, e.getMessage());
      return null;
    }
  }
}
