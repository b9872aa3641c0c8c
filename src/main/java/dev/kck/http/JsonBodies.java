package dev.kck.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads JSON request bodies: 415 for another media type, 413 over max_body, 400 when malformed. */
final class JsonBodies {
  private final long maxBody;

  JsonBodies(long maxBody) {
    this.maxBody = maxBody;
  }

  JsonNode read(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !isJson(type)) {
      throw new KckException.UnsupportedMediaType("the body must be application/json");
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBody) {
      throw new KckException.PayloadTooLarge("the body is over the " + maxBody + "-byte limit");
    }
    try {
      // Decimals keep every digit and their scale (12.50 stays 12.50): they may be money.
      JsonNode body = Json.MAPPER.readTree(limited(ctx));
      if (body == null || body.isMissingNode()) {
        throw new KckException.BadRequest("the body is empty");
      }
      return body;
    } catch (JsonProcessingException e) {
      throw new KckException.BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new KckException.BadRequest("the body could not be read");
    }
  }

  private byte[] limited(Context ctx) throws IOException {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
      if (bytes.length > maxBody) {
        throw new KckException.PayloadTooLarge("the body is over the " + maxBody + "-byte limit");
      }
      return bytes;
    }
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }
}
