package dev.kck.http;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.Served;
import dev.kck.cache.Staleness;
import dev.kck.kernel.EntityTags;
import dev.kck.product.Access;
import dev.kck.product.Freshness;
import dev.kck.service.FetchService.Fetched;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Writes an ENTRY with its caching headers, or a 304 when the client's copy is current. */
final class EntryResponses {
  static final String JSON = "application/json; charset=utf-8";
  private final Clock clock;

  EntryResponses(Clock clock) {
    this.clock = clock;
  }

  void write(Context ctx, Fetched fetched) {
    Served served = fetched.served();
    CachedEntry entry = served.entry();
    String etag = entry.etag();
    ctx.header("ETag", etag);
    ctx.header("Last-Modified", entry.lastModified());
    Instant now = clock.instant();
    ctx.header("Cache-Control", cacheControl(fetched, maxAge(fetched, now)));
    ctx.header("Cache-Status", cacheStatus(served.outcome(), ttl(fetched, now)));
    ctx.header("Age", Long.toString(age(entry, now)));
    if (EntityTags.noneMatchFails(ctx.header("If-None-Match"), etag)) {
      ctx.status(304);
      return;
    }
    ctx.contentType(JSON);
    ctx.result(entry.body(served.outcome().isStale()));
  }

  /** Whole seconds since the entry was computed (HotFetch sends the same). */
  static long age(CachedEntry entry, Instant now) {
    return Math.max(0, Duration.between(entry.modified(), now).getSeconds());
  }

  /** Visibility and the fresh seconds left (HotFetch sends the same). */
  static String cacheControl(Fetched fetched, long maxAge) {
    String visibility = fetched.primer().spec().access() instanceof Access.Public ? "public" : "private";
    return visibility + ", max-age=" + maxAge;
  }

  /** The fresh seconds left, 0 for a stale or always-fresh entry. */
  static long maxAge(Fetched fetched, Instant now) {
    CachedEntry entry = fetched.served().entry();
    Freshness policy = fetched.primer().spec().freshness();
    return policy.alwaysFresh() || fetched.served().outcome().isStale()
        ? 0
        : Math.max(0, Staleness.freshSecondsLeft(entry.modified(), policy, now));
  }

  /** Seconds of freshness left (negative when stale), or null when the product has no freshness limit. */
  static Long ttl(Fetched fetched, Instant now) {
    Freshness policy = fetched.primer().spec().freshness();
    return policy.alwaysFresh() ? null : Staleness.freshnessLifetimeLeft(fetched.served().entry().modified(), policy, now);
  }

  /** RFC 9211: {@code kck; hit}, {@code kck; fwd=miss}, {@code kck; hit; fwd=stale}, each with {@code ; ttl=N} when known. */
  static String cacheStatus(Served.Outcome outcome, Long ttl) {
    String status = switch (outcome) {
      case HIT -> "kck; hit";
      case STALE -> "kck; hit; fwd=stale";
      case MISS -> "kck; fwd=miss";
    };
    return ttl == null ? status : status + "; ttl=" + ttl;
  }
}
