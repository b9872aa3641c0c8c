package dev.kck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The ceiling of the HTTP stack: a minimal Javalin 7 route answering {@code GET /fetch/<key>} with the
 * exact body bytes KCK serves for that key (captured from KCK by the driver), from a map. No auth, no
 * cache logic, no headers beyond the content type.
 *
 * <p>Arguments: port, and a JSON file {@code {"key": "<body>", ...}}.
 */
public final class BareServer {
  private static final String PREFIX = "/fetch/";

  private BareServer() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Map<String, byte[]> bodies = load(Path.of(args[1]));
    Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.get("/health", ctx -> ctx.result("ok"));
      config.routes.get("/fetch/<key>", ctx -> {
        byte[] body = bodies.get(ctx.path().substring(PREFIX.length()));
        if (body == null) {
          ctx.status(404);
          return;
        }
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(body);
      });
    }).start("127.0.0.1", port);
  }

  private static Map<String, byte[]> load(Path file) throws IOException {
    Map<String, String> text = new ObjectMapper().readerForMapOf(String.class).readValue(file.toFile());
    Map<String, byte[]> bodies = new HashMap<>();
    text.forEach((key, body) -> bodies.put(key, body.getBytes(StandardCharsets.UTF_8)));
    return bodies;
  }
}
