package dev.kck.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operators' console (built from {@code console/} into the jar's {@code /admin/}): {@code /admin}
 * redirects to {@code /admin/} (its asset URLs are relative; browsers keep the {@code #token=}
 * fragment across the redirect), the page itself is revalidated on every load, and its assets,
 * named by content hash, are cached for a year. No token is needed for the files: the page asks
 * for one and sends it only to the API.
 */
final class ConsoleRoutes {
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
      + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
  static final String ASSETS = "/admin/assets/";
  private static final String ROOT = "/admin/";
  // Built asset names only: no folders, no dot-dot, nothing a path trick could use.
  private static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "woff2", "font/woff2",
      "json", "application/json; charset=utf-8",
      "map", "application/json; charset=utf-8");

  private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

  /** {@code GET /admin}: relative, so that behind a proxy at {@code /kck/admin} it still lands on the page. */
  void redirect(Context ctx) {
    ctx.status(308);
    ctx.header("Location", "admin/");
  }

  void page(Context ctx) {
    byte[] index = file("index.html").orElseThrow(() -> new IllegalStateException("the console is missing from the jar"));
    guarded(ctx);
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(index);
  }

  void asset(Context ctx) {
    String name = ctx.path().substring(ASSETS.length());
    String type = TYPES.get(extension(name));
    Optional<byte[]> bytes = ASSET_NAME.matcher(name).matches() && type != null && !name.contains("..")
        ? file("assets/" + name) : Optional.empty();
    if (bytes.isEmpty()) {
      Problems.write(ctx, Problem.of(404, "Not found", "not-found", "no such console file: " + name));
      return;
    }
    guarded(ctx);
    ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    ctx.contentType(type);
    ctx.result(bytes.get());
  }

  private static void guarded(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** A file of the built console, read from the jar once. */
  private Optional<byte[]> file(String path) {
    return files.computeIfAbsent(path, ConsoleRoutes::read);
  }

  private static Optional<byte[]> read(String path) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(ROOT + path)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
