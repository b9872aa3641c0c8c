package dev.kck.http;

import dev.kck.auth.Principal;
import io.javalin.http.Context;

/** Whom the {@code live:} limits per caller count a stream or long poll against. */
final class Holders {
  private Holders() {}

  /** The token's subject, or the client's address for a call without one. */
  static String of(Context ctx, Principal principal) {
    return principal.subject() != null ? "sub:" + principal.subject() : "addr:" + ctx.req().getRemoteAddr();
  }
}
