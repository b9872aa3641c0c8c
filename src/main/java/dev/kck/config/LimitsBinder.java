package dev.kck.config;

import dev.kck.config.KckConfig.Limits;
import dev.kck.config.KckConfig.RateLimit;
import dev.kck.yaml.Section;
import java.time.Duration;

/**
 * Binds the keys of {@code server:} that bound what one client may cost: idle connections, slow
 * bodies, large headers, long update arrays and request rates. Each has a default that serves
 * ordinary clients and cuts off hostile ones.
 */
final class LimitsBinder {
  /** Jetty needs room for a request line and a few headers; less would refuse ordinary requests. */
  private static final int MIN_HEADER_SIZE = 1024;

  private LimitsBinder() {}

  static Limits bind(Section s) {
    Limits defaults = Limits.DEFAULTS;
    Duration idleTimeout = s.duration("idle_timeout", defaults.idleTimeout());
    if (idleTimeout.toMillis() < 1) {
      s.problem("idle_timeout", "must be at least 1ms: an idle connection must be closed some time");
    }
    long minRequestRate = s.size("min_request_rate", defaults.minRequestRate());
    long headerSize = s.size("max_header_size", defaults.maxHeaderSize());
    if (headerSize < MIN_HEADER_SIZE || headerSize > Integer.MAX_VALUE) {
      s.problem("max_header_size", "must be between 1KB and 2GB, got " + headerSize + " bytes");
    }
    int maxUpdateCalls = s.integer("max_update_calls", defaults.maxUpdateCalls());
    if (maxUpdateCalls < 1) {
      s.problem("max_update_calls", "must be at least 1, got " + maxUpdateCalls);
    }
    RateLimit rateLimit = rateLimit(s.section("rate_limit"), defaults.rateLimit());
    return new Limits(idleTimeout, minRequestRate, (int) Math.min(headerSize, Integer.MAX_VALUE), maxUpdateCalls,
        rateLimit);
  }

  private static RateLimit rateLimit(Section s, RateLimit defaults) {
    int perSecond = s.integer("requests_per_second", defaults.requestsPerSecond());
    if (perSecond < 0) {
      s.problem("requests_per_second", "must be 0 (no rate limit) or more, got " + perSecond);
    }
    int burst = s.integer("burst", defaults.burst());
    if (burst < 1) {
      s.problem("burst", "must be at least 1, got " + burst);
    }
    s.finish();
    return new RateLimit(perSecond, burst);
  }
}
