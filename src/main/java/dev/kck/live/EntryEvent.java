package dev.kck.live;

import dev.kck.cache.CachedEntry;

/**
 * One version of a key as streams send it: its frame is built once, whatever the number of streams.
 *
 * @param frame the {@code event:} and {@code data:} lines and the blank line that ends the event
 */
record EntryEvent(String key, long version, byte[] frame) {

  static EntryEvent of(CachedEntry entry) {
    return new EntryEvent(entry.key(), entry.version(), SseFrames.entry(entry));
  }
}
