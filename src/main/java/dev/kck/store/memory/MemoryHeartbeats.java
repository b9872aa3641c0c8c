package dev.kck.store.memory;

import dev.kck.store.Heartbeats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The heartbeats of the memory store: one JVM, so normally one instance; expiry by the injected clock. */
final class MemoryHeartbeats implements Heartbeats {
  private final Clock clock;
  private final ConcurrentMap<String, Beat> beats = new ConcurrentHashMap<>();

  MemoryHeartbeats(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void beat(Instance instance, Duration lifetime) {
    beats.put(instance.id(), new Beat(instance, clock.instant().plus(lifetime)));
  }

  @Override
  public void leave(String id) {
    beats.remove(id);
  }

  @Override
  public List<Instance> live() {
    Instant now = clock.instant();
    beats.values().removeIf(beat -> !beat.until().isAfter(now));
    return beats.values().stream().map(Beat::instance)
        .sorted(Comparator.comparing(Instance::started).thenComparing(Instance::id))
        .toList();
  }

  private record Beat(Instance instance, Instant until) {}
}
