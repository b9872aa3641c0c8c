package dev.kck.testing;

import dev.kck.config.KckConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Several KCK instances sharing one source database and one cache store, as in production. */
public final class Cluster implements AutoCloseable {
  private final List<RunningApp> instances = new ArrayList<>();
  private final KckConfig config;
  private final Clock clock;

  public Cluster(KckConfig config, int size) {
    this(config, size, Clock.systemUTC());
  }

  /** Instances whose sense of time is one shared clock (a {@link MutableClock} lets a test move it). */
  public Cluster(KckConfig config, int size, Clock clock) {
    this.config = config;
    this.clock = clock;
    for (int i = 0; i < size; i++) {
      instances.add(RunningApp.start(config, clock));
    }
  }

  public RunningApp get(int index) {
    return instances.get(index);
  }

  public List<RunningApp> all() {
    return instances;
  }

  /** Stops one instance (as a clean shutdown) and returns it to its place as null. */
  public void stop(int index) {
    instances.get(index).close();
  }

  /** Starts a fresh instance in the given place (after {@link #stop}). */
  public RunningApp restart(int index) {
    RunningApp started = RunningApp.start(config, clock);
    instances.set(index, started);
    return started;
  }

  @Override
  public void close() {
    for (RunningApp instance : instances) {
      try {
        instance.close();
      } catch (RuntimeException e) {
        // already stopped
      }
    }
  }
}
