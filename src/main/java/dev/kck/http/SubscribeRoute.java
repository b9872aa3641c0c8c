package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.live.Subscriptions;
import dev.kck.service.FetchService;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

/**
 * {@code GET /subscribe/{key}}: Server-Sent Events. The key is checked (auth, parameters, a value)
 * before the stream opens, so refusals are ordinary problem responses; the stream then carries an
 * {@code entry} event now and after every new version.
 */
final class SubscribeRoute {
  static final String PREFIX = "/subscribe/";
  private static final String FETCHED = "kck.fetched";

  private final FetchService fetches;
  private final Authenticator authenticator;
  private final Subscriptions subscriptions;

  SubscribeRoute(FetchService fetches, Authenticator authenticator, Subscriptions subscriptions) {
    this.fetches = fetches;
    this.authenticator = authenticator;
    this.subscriptions = subscriptions;
  }

  /** A before-handler: resolves the key, or answers with a problem. */
  void check(Context ctx) {
    String rawKey = ctx.path().substring(PREFIX.length());
    ctx.attribute(Problems.KEY_ATTRIBUTE, rawKey);
    ctx.attribute(FETCHED, fetches.fetch(rawKey, authenticator.authenticate(ctx.header("Authorization"))));
  }

  void stream(SseClient client) {
    FetchService.Fetched fetched = client.ctx().attribute(FETCHED);
    subscriptions.subscribe(fetched.key().text(), client, fetched.served().entry());
  }
}
