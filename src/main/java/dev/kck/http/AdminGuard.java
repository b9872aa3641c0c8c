package dev.kck.http;

import dev.kck.auth.Authenticator;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * With {@code auth.enabled: false} nobody can prove to hold {@code kck:admin}, so the admin routes
 * ({@code DELETE /cache}, {@code POST /refresh}, {@code /admin} and everything under it) answer 403
 * to everyone, unless {@code auth.open_admin: true} opens them. With auth enabled the routes check
 * the scope themselves. The guard goes by path, so an admin route added later is closed too.
 */
final class AdminGuard {
  static final List<String> PATHS = List.of("/cache/*", "/refresh/*", "/admin", "/admin/*");

  private AdminGuard() {}

  static void install(JavalinConfig javalin, Authenticator authenticator) {
    if (authenticator.adminRoutesOpen()) {
      return;
    }
    PATHS.forEach(path -> javalin.routes.before(path, AdminGuard::refuse));
  }

  private static void refuse(Context ctx) {
    Problems.write(ctx, Problem.of(403, "Forbidden", "forbidden",
        "the admin routes are closed while auth.enabled is false; set auth.open_admin: true to open them"));
    ctx.skipRemainingHandlers();
  }
}
