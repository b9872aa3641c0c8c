package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.service.UpdateOutcome;
import dev.kck.service.UpdateService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

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
    UpdateOutcome outcome = updates.update(name, bodies.read(ctx), principal, ctx.header("If-Match"));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("updater", outcome.updater());
    response.put("rows", outcome.rows());
    response.put("refreshing", outcome.refreshing());
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(response));
  }
}
