package dev.kck.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.cache.CachedEntry;
import dev.kck.cache.Served;
import dev.kck.kernel.KckException;
import dev.kck.live.Subscriptions;
import dev.kck.service.FetchService;
import dev.kck.service.FetchService.BatchResult;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The batch {@code POST /fetch}: {@code {"keys": [...]}}, answered in request order, each key with
 * its entry or its problem. With {@code "versions": {"key": version, ...}} (the versions the client
 * holds) a key still at that version answers {@code {"key", "version", "not_modified": true}}
 * instead of its value; with {@code Prefer: wait=N} as well, a batch in which every key is still at
 * the version held is a long poll over all its keys: held (no thread) until any of them has a newer
 * version or N seconds pass, then answered as above. One held request, however many keys: what a
 * browser on HTTP/1.1 (six connections per origin) or a phone needs to keep many keys live.
 */
final class BatchFetches {
  static final int MAX_BATCH = 1000;
  private static final String BODY = "body must be {\"keys\": [\"product/param\", ...], \"versions\": {\"key\": n}}";

  private final FetchService fetches;
  private final Authenticator authenticator;
  private final JsonBodies bodies;
  private final Subscriptions subscriptions;

  BatchFetches(FetchService fetches, Authenticator authenticator, JsonBodies bodies, Subscriptions subscriptions) {
    this.fetches = fetches;
    this.authenticator = authenticator;
    this.bodies = bodies;
    this.subscriptions = subscriptions;
  }

  /** A batch as asked: its keys (null where one is not a string) and the versions the client holds. */
  private record Batch(JsonNode keys, List<String> texts, Map<String, Long> versions) {
    List<String> fetchable() {
      return texts.stream().filter(Objects::nonNull).toList();
    }
  }

  void fetch(Context ctx) {
    Batch batch = read(bodies.read(ctx));
    Principal principal = authenticator.authenticate(ctx.header("Authorization"));
    List<BatchResult> fetched = fetches.fetchAll(batch.fetchable(), principal);
    Optional<Duration> wait = HeldFetches.requestedWait(ctx.req().getHeaders("Prefer"));
    Map<String, Long> held = wait.isPresent() ? unchanged(batch, fetched) : Map.of();
    if (held.isEmpty()) {
      write(ctx, batch, fetched);
      return;
    }
    CompletableFuture<Optional<CachedEntry>> outcome = new CompletableFuture<>();
    subscriptions.await(held, wait.get(), Holders.of(ctx, principal), outcome::complete);
    ctx.future(() -> {
      Executor onJetty = task -> ctx.req().getAsyncContext().start(task);
      return outcome.thenAcceptAsync(newer -> {
        ctx.header("Preference-Applied", "wait=" + wait.get().toSeconds());
        write(ctx, batch, fetches.fetchAll(batch.fetchable(), principal));
      }, onJetty);
    });
  }

  private static Batch read(JsonNode body) {
    JsonNode keys = body.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new KckException.BadRequest(BODY, "keys");
    }
    if (keys.size() > MAX_BATCH) {
      throw new KckException.BadRequest("at most " + MAX_BATCH + " keys per batch, got " + keys.size(), "keys");
    }
    List<String> texts = new ArrayList<>(keys.size());
    keys.forEach(key -> texts.add(key.isTextual() ? key.asText() : null));
    return new Batch(keys, texts, versions(body.get("versions")));
  }

  /** {@code "versions"}: an object of key texts to whole versions, or absent. */
  private static Map<String, Long> versions(JsonNode versions) {
    if (versions == null || versions.isNull()) {
      return Map.of();
    }
    if (!versions.isObject()) {
      throw new KckException.BadRequest("'versions' must be an object of keys to the versions held", "versions");
    }
    Map<String, Long> held = new HashMap<>();
    versions.fields().forEachRemaining(field -> {
      if (!field.getValue().canConvertToExactIntegral() || !field.getValue().canConvertToLong()) {
        throw new KckException.BadRequest("'versions' of " + field.getKey() + " must be a whole number", "versions");
      }
      held.put(field.getKey(), field.getValue().asLong());
    });
    return held;
  }

  /**
   * The keys to wait on, by their canonical text, when every key of the batch is still at the
   * version the client holds; empty when any is not (it answers at once).
   */
  private static Map<String, Long> unchanged(Batch batch, List<BatchResult> fetched) {
    if (batch.versions().isEmpty() || fetched.size() != batch.texts().size()) {
      return Map.of();
    }
    Map<String, Long> held = new HashMap<>();
    for (BatchResult result : fetched) {
      if (!isUnchanged(result, batch.versions())) {
        return Map.of();
      }
      held.merge(result.fetched().key().text(), version(result), Math::min);
    }
    return held;
  }

  private static boolean isUnchanged(BatchResult result, Map<String, Long> versions) {
    Long held = versions.get(result.key());
    return result.problem() == null && held != null && held == version(result);
  }

  private static long version(BatchResult result) {
    return result.fetched().served().entry().version();
  }

  private static void write(Context ctx, Batch batch, List<BatchResult> fetched) {
    List<byte[]> results = new ArrayList<>(batch.texts().size());
    int next = 0;
    for (int i = 0; i < batch.texts().size(); i++) {
      results.add(batch.texts().get(i) == null ? notAString(batch.keys().get(i))
          : render(fetched.get(next++), batch.versions()));
    }
    ctx.contentType(EntryResponses.JSON);
    ctx.result(join(results));
  }

  private static byte[] notAString(JsonNode key) {
    KckException problem = new KckException.BadRequest("each key must be a string", "keys");
    return Problems.bytes(new BatchError(key.toString(), Problem.of(problem, key.toString())));
  }

  private static byte[] render(BatchResult result, Map<String, Long> versions) {
    if (result.problem() != null) {
      return Problems.bytes(new BatchError(result.key(), Problem.of(result.problem(), result.key())));
    }
    Served served = result.fetched().served();
    if (isUnchanged(result, versions)) {
      return Problems.bytes(new NotModified(served.entry().key(), served.entry().version(), true));
    }
    return served.entry().body(served.outcome().isStale());
  }

  private record BatchError(String key, Problem error) {}

  /** A key still at the version the client holds: its value is not sent again. */
  private record NotModified(String key, long version, boolean not_modified) {}

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
