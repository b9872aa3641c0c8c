package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.product.Key;
import dev.kck.service.AdminService;
import io.javalin.http.Context;
import java.util.Map;

/** {@code DELETE /cache/{key}} and {@code POST /refresh/{key}}: scope {@code kck:admin}. */
final class AdminRoutes {
  private final AdminService admin;
  private final Authenticator authenticator;

  AdminRoutes(AdminService admin, Authenticator authenticator) {
    this.admin = admin;
    this.authenticator = authenticator;
  }

  /** Invalidates one key everywhere; with If-Match, only at that version (else 409). */
  void invalidate(Context ctx) {
    admin.invalidate(rawKey(ctx, "/cache/"), caller(ctx), ctx.header("If-Match"));
    ctx.status(204);
  }

  /** Queues a refresh of one key. */
  void refresh(Context ctx) {
    Key key = admin.refresh(rawKey(ctx, "/refresh/"), caller(ctx));
    ctx.status(202);
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(Map.of("key", key.text(), "queued", true)));
  }

  /** The key as sent, still percent-encoded, remembered for the problem document of a refusal. */
  private static String rawKey(Context ctx, String prefix) {
    String rawKey = ctx.path().substring(prefix.length());
    ctx.attribute(Problems.KEY_ATTRIBUTE, rawKey);
    return rawKey;
  }

  private Principal caller(Context ctx) {
    return authenticator.authenticate(ctx.header("Authorization"));
  }
}
