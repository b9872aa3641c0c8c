package dev.kck.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.live.LimitReached;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes problem+json responses: the one place errors become HTTP. */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  static void write(Context ctx, KckException e) {
    if (e instanceof KckException.Unauthorized) {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    if (e instanceof KckException.Unavailable unavailable && unavailable.retryAfter() != null) {
      ctx.header("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
    }
    write(ctx, Problem.of(e, ctx.attribute(KEY_ATTRIBUTE)));
  }

  /** A stream or long poll over the {@code live:} limits: 429 for the caller's, 503 for the instance's. */
  static void write(Context ctx, LimitReached e) {
    ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
    write(ctx, e.callerLimit()
        ? Problem.of(429, "Too many requests", "too-many-requests", e.getMessage())
        : Problem.of(503, "Service unavailable", "unavailable", e.getMessage()));
  }

  static void write(Context ctx, HttpResponseException e) {
    String slug = switch (e.getStatus()) {
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 413 -> "payload-too-large";
      default -> "http-" + e.getStatus();
    };
    write(ctx, Problem.of(e.getStatus(), titleOf(e.getStatus()), slug, e.getMessage()));
  }

  static void writeUnexpected(Context ctx, Exception e) {
    log.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
    write(ctx, Problem.of(500, "Internal error", "internal", "an unexpected error occurred; the server log has the details"));
  }

  static void write(Context ctx, Problem problem) {
    ctx.status(problem.status());
    ctx.contentType(CONTENT_TYPE);
    ctx.result(bytes(problem));
  }

  static byte[] bytes(Object problem) {
    try {
      return Json.MAPPER.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String titleOf(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 408 -> "Request timeout";
      case 413 -> "Payload too large";
      case 415 -> "Unsupported media type";
      case 429 -> "Too many requests";
      case 431 -> "Request header fields too large";
      default -> "HTTP " + status;
    };
  }

  /** Handlers set this attribute to the key they work on, so problems can name it. */
  static final String KEY_ATTRIBUTE = "kck.key";
}
