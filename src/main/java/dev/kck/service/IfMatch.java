package dev.kck.service;

import dev.kck.kernel.EntityTags;
import dev.kck.kernel.KckException;
import dev.kck.store.EntryStore;
import dev.kck.store.StoredEntry;

/** {@code If-Match} read against the version a key has in the store. */
final class IfMatch {
  private IfMatch() {}

  /**
   * The version an If-Match header asks for: {@code "12"} is 12, {@code *} is the current one.
   * 409 when the key has no value, or the header names no version it can have.
   */
  static long currentVersion(String ifMatch, EntryStore entries, String key) {
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
}
