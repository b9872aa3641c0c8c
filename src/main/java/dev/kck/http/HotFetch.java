package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.cache.CachedEntry;
import dev.kck.cache.Served;
import dev.kck.cache.Staleness;
import dev.kck.service.FetchService;
import dev.kck.service.FetchService.Fetched;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The hot path, a Jetty handler in front of Javalin's: it answers only the plain case, a {@code GET
 * /fetch/{key}} of a fresh L1 entry by an authorised caller, without {@code Prefer}, {@code
 * If-None-Match} or (with CORS on) {@code Origin}, from header bytes prepared once per entry version
 * (and again when its {@code Age} or {@code max-age} changes). Every other request, and every
 * request that {@link FetchService#freshHit} refuses or does not find fresh, goes on to Javalin
 * unchanged, which answers it with the one implementation of the fetch semantics ({@link
 * FetchRoutes}, {@link EntryResponses}): the header values here are computed by the same methods.
 * Not installed with {@code server.rate_limit} on (the guard is a Javalin before-handler). The
 * profile said why: Javalin's servlet layer (context, request wrappers, routing, its request
 * logger) cost a third of Jetty's throughput on a 170-byte answer.
 */
final class HotFetch extends Handler.Wrapper {
  private static final String PREFIX = "/fetch/";
  /** EntryResponses.JSON as Jetty's servlet layer sends it (without the space). */
  private static final HttpField CONTENT_TYPE =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");

  private final FetchService fetches;
  private final Authenticator authenticator;
  private final Clock clock;
  private final boolean corsOn;
  private final Timer served;

  HotFetch(FetchService fetches, Authenticator authenticator, Clock clock, boolean corsOn, RequestMetrics metrics) {
    this.fetches = fetches;
    this.authenticator = authenticator;
    this.clock = clock;
    this.corsOn = corsOn;
    this.served = metrics.timer("GET", "/fetch", 200);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long start = System.nanoTime();
    String caller = plainCaller(request);
    if (caller == null) {
      return passOn(request, response, callback);
    }
    Instant now = clock.instant();
    Fetched hit = hitOrNull(request, caller, now);
    if (hit == null) {
      return passOn(request, response, callback);
    }
    CachedEntry entry = hit.served().entry();
    Prepared prepared = prepared(hit, entry);
    PerSecond second = prepared.at(hit, entry, now);
    response.setStatus(200);
    HttpFields.Mutable headers = response.getHeaders();
    headers.add(prepared.etag);
    headers.add(prepared.lastModified);
    headers.add(second.cacheControl);
    headers.add(second.cacheStatus);
    headers.add(second.ageField);
    headers.add(CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(entry.body(false)), callback);
    served.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return true;
  }

  /**
   * Declared non-blocking, so that Jetty answers a hot fetch on the thread that read it (the
   * selector's), without handing the connection to another thread: that hand-off was a fifth of
   * raw Jetty's throughput. Everything else is Javalin's, which blocks, so it always goes to the
   * pool: Jetty runs a non-blocking handler on the selector without saying so (its produce-consume
   * mode leaves {@code Invocable.isNonBlockingInvocation()} false), and a request that blocked there
   * stalled every connection of that selector (JwksOutageIT: twenty callers waiting on a key set
   * were answered a second apart, one after the other).
   */
  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  private boolean passOn(Request request, Response response, Callback callback) {
    request.getContext().execute(() -> {
      try {
        if (!super.handle(request, response, callback)) {
          Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        }
      } catch (Throwable failure) {
        Response.writeError(request, response, callback, failure);
      }
    });
    return true;
  }

  /**
   * The Authorization header of a plain {@code GET /fetch/{key}} ("" without one), or null for any
   * other request: one with a body, or with anything that asks for more than a plain answer. One
   * pass over the headers, by their parsed names: five lookups by name cost more than the key's.
   */
  private String plainCaller(Request request) {
    if (!"GET".equals(request.getMethod())) {
      return null;
    }
    String path = request.getHttpURI().getPath();
    if (path == null || !path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
      return null;
    }
    String authorization = null;
    for (HttpField field : request.getHeaders()) {
      HttpHeader header = field.getHeader();
      if (header == null) {
        if (field.is("Prefer")) {
          return null;
        }
        continue;
      }
      switch (header) {
        case AUTHORIZATION -> authorization = authorization == null ? field.getValue() : authorization;
        // A body (even on a GET) goes on to the handlers that read it and bound its rate (JettyLimits).
        case CONTENT_LENGTH -> {
          if (!"0".equals(field.getValue().trim())) {
            return null;
          }
        }
        case TRANSFER_ENCODING, IF_NONE_MATCH -> {
          return null;
        }
        case ORIGIN -> {
          if (corsOn) {
            return null;
          }
        }
        default -> { }
      }
    }
    return authorization == null ? "" : authorization;
  }

  /** The fresh hit, or null for anything else (a refusal, a miss, a stale entry): Javalin answers those. */
  private Fetched hitOrNull(Request request, String authorization, Instant now) {
    String rawKey = request.getHttpURI().getPath().substring(PREFIX.length());
    try {
      // Only a caller known without verifying: a new token (or a JWKS wait) is Javalin's, once.
      Principal principal = authenticator.knownCaller(authorization);
      return principal == null ? null : fetches.freshHit(rawKey, principal, now);
    } catch (RuntimeException refusedOrFailed) {
      return null; // Javalin meets the same refusal and writes its problem
    }
  }

  private static Prepared prepared(Fetched hit, CachedEntry entry) {
    if (entry.prepared() instanceof Prepared prepared) {
      return prepared;
    }
    Prepared prepared = new Prepared(new PreEncodedHttpField(HttpHeader.ETAG, entry.etag()),
        new PreEncodedHttpField(HttpHeader.LAST_MODIFIED, entry.lastModified()));
    entry.prepare(prepared);
    return prepared;
  }

  /** One version's fixed header bytes, and the ones of the last second it was served in. */
  private static final class Prepared {
    final HttpField etag;
    final HttpField lastModified;
    private volatile PerSecond last = PerSecond.NONE;

    Prepared(HttpField etag, HttpField lastModified) {
      this.etag = etag;
      this.lastModified = lastModified;
    }

    PerSecond at(Fetched hit, CachedEntry entry, Instant now) {
      PerSecond current = last;
      if (current.covers(now)) {
        return current;
      }
      // The values come from EntryResponses' own methods, so both entrances send the same ones.
      long age = EntryResponses.age(entry, now);
      long maxAge = EntryResponses.maxAge(hit, now);
      Long ttl = EntryResponses.ttl(hit, now);
      current = new PerSecond(now, until(hit, entry, age, ttl),
          new PreEncodedHttpField(HttpHeader.AGE, Long.toString(age)),
          new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, EntryResponses.cacheControl(hit, maxAge)),
          new PreEncodedHttpField("Cache-Status", EntryResponses.cacheStatus(Served.Outcome.HIT, ttl)));
      last = current;
      return current;
    }

    /**
     * The first instant the three values may differ at. Age counts whole seconds since modified, so
     * it changes at modified + (age + 1) s; max-age and ttl are the whole seconds left until
     * fresh-until, floored, so with k of them left they change just after fresh-until - k s.
     */
    private static Instant until(Fetched hit, CachedEntry entry, long age, Long ttl) {
      Instant ageChanges = entry.modified().plusSeconds(age + 1);
      Instant freshUntil = Staleness.freshUntil(entry.modified(), hit.primer().spec().freshness());
      if (ttl == null || freshUntil == null) {
        return ageChanges;
      }
      Instant leftChanges = freshUntil.minusSeconds(ttl).plusNanos(1);
      return leftChanges.isBefore(ageChanges) ? leftChanges : ageChanges;
    }
  }

  /** The headers that change with time, good from {@code from} until just before {@code until}. */
  private record PerSecond(Instant from, Instant until, HttpField ageField, HttpField cacheControl,
      HttpField cacheStatus) {
    static final PerSecond NONE = new PerSecond(Instant.MAX, Instant.MIN, null, null, null);

    boolean covers(Instant now) {
      return !now.isBefore(from) && now.isBefore(until);
    }
  }
}
