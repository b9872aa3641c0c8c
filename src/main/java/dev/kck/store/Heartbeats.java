package dev.kck.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which instances of the cluster are alive: each writes its beat every few seconds, and an
 * instance whose beats stop drops out by itself once its last beat's lifetime has passed.
 */
public interface Heartbeats {

  /** Records that the instance is alive, and keeps it listed for {@code lifetime} without another beat. */
  void beat(Instance instance, Duration lifetime);

  /** Removes the instance at once (a clean stop). */
  void leave(String id);

  /** Every instance whose last beat's lifetime has not passed, oldest started first. */
  List<Instance> live();

  /**
   * @param id the instance id (a UUID per start)
   * @param host where it serves, {@code host:port}
   * @param started when it started
   * @param lastSeen when it last beat
   * @param version the build version it runs
   */
  record Instance(String id, String host, Instant started, Instant lastSeen, String version) {
    public Instance {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(started, "started");
      Objects.requireNonNull(lastSeen, "lastSeen");
      Objects.requireNonNull(version, "version");
    }
  }
}
