package dev.kck.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.json}: the OpenAPI 3.1 document of this API, shipped as a resource. */
final class OpenApiRoute {
  private static final byte[] DOCUMENT = load();

  private OpenApiRoute() {}

  static void serve(Context ctx) {
    ctx.contentType(EntryResponses.JSON);
    ctx.result(DOCUMENT);
  }

  private static byte[] load() {
    try (InputStream in = OpenApiRoute.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
