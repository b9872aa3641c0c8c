package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.cache.CachedEntry;
import dev.kck.kernel.KckException;
import dev.kck.live.StreamPlace;
import dev.kck.live.Subscriptions;
import dev.kck.service.FetchService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /subscribe/{key}} and {@code GET /subscribe?key=K1&key=K2...}: Server-Sent Events.
 * Everything is checked before the stream opens (the {@code Accept}, the token, the limits, every
 * key fetched and authorised as {@code GET /fetch} would), so refusals are ordinary problem
 * responses; the stream then carries an {@code entry} event per key the client does not hold yet,
 * and one per newer version of any of them. A {@code Last-Event-ID} from any instance resumes it.
 */
final class SubscribeRoute {
  static final String PREFIX = "/subscribe/";

  private final FetchService fetches;
  private final Authenticator authenticator;
  private final Subscriptions subscriptions;

  SubscribeRoute(FetchService fetches, Authenticator authenticator, Subscriptions subscriptions) {
    this.fetches = fetches;
    this.authenticator = authenticator;
    this.subscriptions = subscriptions;
  }

  /** {@code GET /subscribe/{key}}: one key; its events' ids are the versions. */
  void streamOne(Context ctx) {
    String rawKey = ctx.path().substring(PREFIX.length());
    stream(ctx, List.of(rawKey), true);
  }

  /** {@code GET /subscribe?key=...}: up to 100 keys over one stream. */
  void streamMany(Context ctx) {
    List<String> rawKeys = ctx.queryParams("key");
    if (rawKeys.isEmpty()) {
      throw new KckException.BadRequest("query parameter 'key' is required, once per key", "key");
    }
    if (rawKeys.size() > Subscriptions.MAX_KEYS) {
      throw new KckException.BadRequest(
          "at most " + Subscriptions.MAX_KEYS + " keys per stream, got " + rawKeys.size(), "key");
    }
    stream(ctx, rawKeys, false);
  }

  private void stream(Context ctx, List<String> rawKeys, boolean decimalIds) {
    if (!EventStreams.accepted(ctx.header("Accept"))) {
      Problems.write(ctx, Problem.of(406, "Not acceptable", "not-acceptable",
          "/subscribe answers text/event-stream only; send Accept: text/event-stream (or no Accept)"));
      return;
    }
    ctx.attribute(Problems.KEY_ATTRIBUTE, rawKeys.get(0));
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    StreamPlace place = subscriptions.reserveStream(Holders.of(ctx, principal));
    try {
      List<CachedEntry> current = fetchAll(ctx, rawKeys, principal);
      SseResponse sink = SseResponse.begin(ctx);
      ctx.future(() -> {
        subscriptions.open(place, current, ctx.header("Last-Event-ID"), decimalIds,
            principal.expiresAtEpochSecond(), sink);
        return sink.done();
      });
    } catch (RuntimeException e) {
      place.release();
      throw e;
    }
  }

  /** Each key as its fetch answers it; the first refused one fails the whole request, named. */
  private List<CachedEntry> fetchAll(Context ctx, List<String> rawKeys, Principal principal) {
    Map<String, CachedEntry> byKey = new LinkedHashMap<>();
    for (String rawKey : rawKeys) {
      ctx.attribute(Problems.KEY_ATTRIBUTE, rawKey);
      CachedEntry entry = fetches.fetch(rawKey, principal).served().entry();
      byKey.putIfAbsent(entry.key(), entry);
    }
    return new ArrayList<>(byKey.values());
  }
}
