package dev.kck.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.cache.CacheStore;
import dev.kck.refresh.AfterUpdate;
import dev.kck.update.UpdateResult;
import dev.kck.update.UpdateService;
import dev.kck.update.UpdaterSpec;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /update/{updater}}: run the updater in one transaction, then augment or queue the
 * keys it affects. With {@code If-Match}, the first key the update refreshes must still be at
 * that version, checked inside the transaction (else 409 and nothing is written).
 */
final class UpdateRoute {
  static final String PREFIX = "/update/";

  private final UpdateService updates;
  private final AfterUpdate afterUpdate;
  private final Authenticator authenticator;
  private final CacheStore store;
  private final JsonBodies bodies;

  UpdateRoute(UpdateService updates, AfterUpdate afterUpdate, Authenticator authenticator, CacheStore store,
      JsonBodies bodies) {
    this.updates = updates;
    this.afterUpdate = afterUpdate;
    this.authenticator = authenticator;
    this.store = store;
    this.bodies = bodies;
  }

  void update(Context ctx) {
    String name = ctx.path().substring(PREFIX.length());
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    JsonNode body = bodies.read(ctx);
    String ifMatch = ctx.header("If-Match");
    UpdateResult result = updates.apply(name, body, principal, calls -> checkIfMatch(name, calls, ifMatch));
    UpdaterSpec spec = updates.spec(name);
    List<String> refreshing = afterUpdate.apply(name, result.calls(), spec.writes(),
        (updater, call) -> UpdateService.refreshKeys(spec, call));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("updater", result.updater());
    response.put("rows", result.rows());
    response.put("refreshing", refreshing);
    ctx.contentType(EntryResponses.JSON);
    ctx.result(Problems.bytes(response));
  }

  private void checkIfMatch(String name, List<Map<String, Object>> calls, String ifMatch) {
    if (ifMatch == null) {
      return;
    }
    List<String> keys = calls.isEmpty() ? List.of() : UpdateService.refreshKeys(updates.spec(name), calls.get(0));
    if (keys.isEmpty()) {
      throw new dev.kck.kernel.KckException.BadRequest("If-Match needs an updater whose refreshes name a key");
    }
    Versions.fromIfMatch(ifMatch, store, keys.get(0));
  }
}
