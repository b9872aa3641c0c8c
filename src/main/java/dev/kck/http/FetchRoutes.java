package dev.kck.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.cache.Served;
import dev.kck.kernel.KckException;
import dev.kck.service.FetchService;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /fetch/{key}}, {@code GET /fetch?key=} (both also as {@code HEAD}, and as long polls
 * with {@code Prefer: wait}) and the batch {@code POST /fetch}.
 */
final class FetchRoutes {
  static final int MAX_BATCH = 1000;
  private static final String PREFIX = "/fetch/";

  private final FetchService fetches;
  private final Authenticator authenticator;
  private final EntryResponses responses;
  private final JsonBodies bodies;
  private final HeldFetches held;

  FetchRoutes(FetchService fetches, Authenticator authenticator, EntryResponses responses, JsonBodies bodies,
      HeldFetches held) {
    this.fetches = fetches;
    this.authenticator = authenticator;
    this.responses = responses;
    this.bodies = bodies;
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

  void fetchBatch(Context ctx) {
    JsonNode keys = bodies.read(ctx).get("keys");
    if (keys == null || !keys.isArray()) {
      throw new KckException.BadRequest("body must be {\"keys\": [\"product/param\", ...]}", "keys");
    }
    if (keys.size() > MAX_BATCH) {
      throw new KckException.BadRequest("at most " + MAX_BATCH + " keys per batch, got " + keys.size(), "keys");
    }
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    List<String> texts = new ArrayList<>(keys.size());
    keys.forEach(key -> texts.add(key.isTextual() ? key.asText() : null));
    List<FetchService.BatchResult> fetched =
        fetches.fetchAll(texts.stream().filter(Objects::nonNull).toList(), principal);
    List<byte[]> results = new ArrayList<>(keys.size());
    int next = 0;
    for (int i = 0; i < keys.size(); i++) {
      results.add(texts.get(i) == null ? notAString(keys.get(i)) : render(fetched.get(next++)));
    }
    ctx.contentType(EntryResponses.JSON);
    ctx.result(join(results));
  }

  private static byte[] notAString(JsonNode key) {
    KckException problem = new KckException.BadRequest("each key must be a string", "keys");
    return Problems.bytes(new BatchError(key.toString(), Problem.of(problem, key.toString())));
  }

  private static byte[] render(FetchService.BatchResult result) {
    if (result.problem() != null) {
      return Problems.bytes(new BatchError(result.key(), Problem.of(result.problem(), result.key())));
    }
    Served served = result.fetched().served();
    return served.entry().body(served.outcome().isStale());
  }

  private record BatchError(String key, Problem error) {}

  private static byte[] join(List<byte[]> results) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("{\"results\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < results.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(results.get(i));
    }
    out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
