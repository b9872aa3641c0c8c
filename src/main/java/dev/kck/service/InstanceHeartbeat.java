package dev.kck.service;

import dev.kck.store.Heartbeats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's heartbeat in the store, for {@code GET /admin/instances}: a beat every {@link
 * #EVERY}, each keeping the instance listed for {@link #LIFETIME}, so it drops out after three
 * missed beats; a clean stop removes it at once. A failed beat is logged and the next one tries again.
 */
public final class InstanceHeartbeat implements AutoCloseable {
  public static final Duration EVERY = Duration.ofSeconds(5);
  public static final Duration LIFETIME = EVERY.multipliedBy(3);
  private static final Logger log = LoggerFactory.getLogger(InstanceHeartbeat.class);

  private final Heartbeats heartbeats;
  private final String id;
  private final String host;
  private final String version;
  private final Clock clock;
  private final Instant started;
  private ScheduledFuture<?> beating;

  public InstanceHeartbeat(Heartbeats heartbeats, String id, String host, String version, Clock clock) {
    this.heartbeats = heartbeats;
    this.id = id;
    this.host = host;
    this.version = version;
    this.clock = clock;
    this.started = clock.instant();
  }

  /** Beats now (the instance is listed as soon as it serves), then every {@link #EVERY}. */
  public InstanceHeartbeat start(ScheduledExecutorService scheduler) {
    beat();
    beating = scheduler.scheduleWithFixedDelay(this::beat, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  void beat() {
    try {
      heartbeats.beat(new Heartbeats.Instance(id, host, started, clock.instant(), version), LIFETIME);
    } catch (RuntimeException e) {
      log.warn("Heartbeat of instance {} failed; the next one tries again: {}", id, e.getMessage());
    }
  }

  /** Stops beating and leaves the list. */
  @Override
  public void close() {
    if (beating != null) {
      beating.cancel(false);
    }
    try {
      heartbeats.leave(id);
    } catch (RuntimeException e) {
      log.debug("Instance {} could not leave the heartbeat list; it drops out by itself: {}", id, e.getMessage());
    }
  }
}
