package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.kernel.KckException;
import dev.kck.service.FetchService;
import io.javalin.http.Context;

/**
 * {@code GET /fetch/{key}} and {@code GET /fetch?key=}, both also as {@code HEAD} and as long polls
 * with {@code Prefer: wait}. The batch {@code POST /fetch} is {@link BatchFetches}.
 */
final class FetchRoutes {
  private static final String PREFIX = "/fetch/";

  private final FetchService fetches;
  private final Authenticator authenticator;
  private final EntryResponses responses;
  private final HeldFetches held;

  FetchRoutes(FetchService fetches, Authenticator authenticator, EntryResponses responses, HeldFetches held) {
    this.fetches = fetches;
    this.authenticator = authenticator;
    this.responses = responses;
    this.held = held;
  }

  /** The key as sent, still percent-encoded: the path after /fetch/ (Javalin's param is decoded). */
  void fetchByPath(Context ctx) {
    String path = ctx.path();
    fetchOne(ctx, path.length() > PREFIX.length() ? path.substring(PREFIX.length()) : "");
  }

  /** {@code ?key=} arrives decoded once by the query parser, which is the key text's encoding. */
  void fetchByQuery(Context ctx) {
    String key = ctx.queryParam("key");
    if (key == null || key.isEmpty()) {
      throw new KckException.BadRequest("query parameter 'key' is required", "key");
    }
    fetchOne(ctx, key);
  }

  private void fetchOne(Context ctx, String rawKey) {
    ctx.attribute(Problems.KEY_ATTRIBUTE, rawKey);
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    FetchService.Fetched fetched = fetches.fetch(rawKey, principal);
    if (!held.holdIfCurrent(ctx, rawKey, principal, fetched)) {
      responses.write(ctx, fetched);
    }
  }
}
