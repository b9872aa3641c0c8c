package dev.kck.cache;

import dev.kck.store.EntryOrigins;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the store which instance computed a version and how long its primer took, after the
 * value is written. Only operators read it, so a failure is logged and never fails the fetch.
 */
public final class OriginRecorder {
  /** Records nothing (tests and embeddings that do not need it). */
  public static final OriginRecorder NONE = new OriginRecorder(null, "");
  private static final Logger log = LoggerFactory.getLogger(OriginRecorder.class);

  private final EntryOrigins origins;
  private final String instance;

  public OriginRecorder(EntryOrigins origins, String instance) {
    this.origins = origins;
    this.instance = instance;
  }

  void computed(String key, long version, Duration took, Instant expiresAt) {
    if (origins == null) {
      return;
    }
    try {
      origins.record(new EntryOrigins.Origin(key, version, instance, took.toNanos() / 10_000 / 100.0), expiresAt);
    } catch (RuntimeException e) {
      log.debug("Recording who computed {} failed: {}", key, e.getMessage());
    }
  }
}
