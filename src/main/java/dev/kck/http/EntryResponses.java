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
    ctx.header("Cache-Control", cacheControl(fetched, entry));
    ctx.header("Cache-Status", cacheStatus(served.outcome(), ttl(fetched, entry)));
    ctx.header("Age", Long.toString(Math.max(0, Duration.between(entry.modified(), clock.instant()).getSeconds())));
    if (EntityTags.noneMatchFails(ctx.header("If-None-Match"), etag)) {
      ctx.status(304);
      return;
    }
    ctx.contentType(JSON);
    ctx.result(entry.body(served.outcome().isStale()));
  }

  private String cacheControl(Fetched fetched, CachedEntry entry) {
    Freshness policy = fetched.primer().spec().freshness();
    String visibility = fetched.primer().spec().access() instanceof Access.Public ? "public" : "private";
    long maxAge = policy.alwaysFresh() || fetched.served().outcome().isStale()
        ? 0
        : Math.max(0, Staleness.freshSecondsLeft(entry.modified(), policy, clock.instant()));
    return visibility + ", max-age=" + maxAge;
  }

  /** Seconds of freshness left (negative when stale), or null when the product has no freshness limit. */
  private Long ttl(Fetched fetched, CachedEntry entry) {
    Freshness policy = fetched.primer().spec().freshness();
    return policy.alwaysFresh() ? null : Staleness.freshnessLifetimeLeft(entry.modified(), policy, clock.instant());
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
