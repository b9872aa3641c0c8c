package dev.kck.store.memory;

import dev.kck.store.EntryOrigins;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The entry origins of the memory store: one per key, the latest version's (they go with the JVM). */
final class MemoryOrigins implements EntryOrigins {
  private final ConcurrentMap<String, Origin> origins = new ConcurrentHashMap<>();

  @Override
  public void record(Origin origin, Instant expiresAt) {
    origins.merge(origin.key(), origin, (current, added) -> added.version() >= current.version() ? added : current);
  }

  @Override
  public Optional<Origin> get(String key) {
    return Optional.ofNullable(origins.get(key));
  }
}
