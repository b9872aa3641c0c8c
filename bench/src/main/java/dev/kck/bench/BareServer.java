package dev.kck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ceiling of the HTTP stack: a minimal Javalin 7 route answering {@code GET /fetch/<key>} from a
 * map, with the exact response KCK sends for that key (captured by the driver): its body and its
 * caching headers (ETag, Last-Modified, Cache-Control, Cache-Status, Age), fixed. No auth, no cache
 * logic. With {@code body-only}, the body and the content type alone.
 *
 * <p>Arguments: port, a JSON file {@code {"key": {"body": "...", "headers": {...}}, ...}}, and
 * {@code response} or {@code body-only}.
 */
public final class BareServer {
  private static final String PREFIX = "/fetch/";

  private record Response(byte[] body, Map<String, String> headers) {}

  private BareServer() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Map<String, Response> responses = load(Path.of(args[1]), args.length > 2 && args[2].equals("body-only"));
    Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.get("/health", ctx -> ctx.result("ok"));
      config.routes.get("/fetch/<key>", ctx -> answer(ctx, responses.get(ctx.path().substring(PREFIX.length()))));
    }).start("127.0.0.1", port);
  }

  private static void answer(Context ctx, Response response) {
    if (response == null) {
      ctx.status(404);
      return;
    }
    response.headers().forEach(ctx::header);
    ctx.contentType("application/json; charset=utf-8");
    ctx.result(response.body());
  }

  private static Map<String, Response> load(Path file, boolean bodyOnly) throws IOException {
    JsonNode all = new ObjectMapper().readTree(file.toFile());
    Map<String, Response> responses = new HashMap<>();
    all.fields().forEachRemaining(entry -> {
      Map<String, String> headers = new LinkedHashMap<>();
      if (!bodyOnly) {
        entry.getValue().path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
      }
      byte[] body = entry.getValue().path("body").asText().getBytes(StandardCharsets.UTF_8);
      responses.put(entry.getKey(), new Response(body, headers));
    });
    return responses;
  }
}
