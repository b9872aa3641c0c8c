package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.service.UpdateRequest;
import dev.kck.service.UpdateResponse;
import dev.kck.service.UpdateService;
import io.javalin.http.Context;

/** {@code POST /update/{updater}}: parse, run the update, render what it did. */
final class UpdateRoute {
  static final String PREFIX = "/update/";

  private final UpdateService updates;
  private final Authenticator authenticator;
  private final JsonBodies bodies;

  UpdateRoute(UpdateService updates, Authenticator authenticator, JsonBodies bodies) {
    this.updates = updates;
    this.authenticator = authenticator;
    this.bodies = bodies;
  }

  void update(Context ctx) {
    String name = ctx.path().substring(PREFIX.length());
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    UpdateResponse response = updates.update(new UpdateRequest(name, bodies.read(ctx), principal,
        ctx.header("If-Match"), ctx.header("Idempotency-Key")));
    if (response.etag() != null) {
      ctx.header("ETag", response.etag());
    }
    if (response.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    ctx.contentType(EntryResponses.JSON);
    ctx.result(response.body());
  }
}
