package dev.kck.http;

import dev.kck.cache.CacheStore;
import dev.kck.cache.StoredEntry;
import dev.kck.kernel.KckException;

/** Reading {@code If-Match} against the version a key has in the store. */
final class Versions {
  private Versions() {}

  /**
   * The version an If-Match header asks for: {@code "12"} is 12, {@code *} is the current one.
   * 409 when the key has no value, or the header names no version it can have.
   */
  static long fromIfMatch(String ifMatch, CacheStore store, String key) {
    long current = store.get(key).map(StoredEntry::version).orElse(0L);
    if (current == 0) {
      throw new KckException.Conflict(key + " has no cached version to match");
    }
    if (!Conditional.matches(ifMatch, "\"" + current + "\"")) {
      throw new KckException.Conflict("the current version of " + key + " is \"" + current + "\", not " + ifMatch.trim());
    }
    return current;
  }
}
