package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.kernel.KckException;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * {@code server.rate_limit}: every request but the health checks takes a token from its caller's
 * bucket, the caller being the token's {@code sub} when the request carries a valid token, else the
 * client address (an IPv6 client by its /64, which one host usually holds whole). Past the limit: 429
 * problem+json with {@code Retry-After} in whole seconds, before the route does any work.
 */
final class RateLimitGuard {
  private final RateLimiter limiter;
  private final Authenticator authenticator;

  RateLimitGuard(RateLimiter limiter, Authenticator authenticator) {
    this.limiter = limiter;
    this.authenticator = authenticator;
  }

  void check(Context ctx) {
    if (ctx.path().startsWith("/health/")) {
      return;
    }
    Duration wait = limiter.acquire(caller(ctx));
    if (wait.isZero()) {
      return;
    }
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    ctx.header("Retry-After", Long.toString(seconds));
    Problems.write(ctx, Problem.of(429, "Too many requests", "too-many-requests",
        "over the rate limit of this caller; retry in " + seconds + " s"));
    ctx.skipRemainingHandlers();
  }

  private String caller(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      try {
        Principal principal = authenticator.authenticate(authorization);
        if (principal.subject() != null) {
          return "sub:" + principal.subject();
        }
      } catch (KckException.Unauthorized e) {
        // counted by address; the route refuses the token itself
      }
    }
    return "ip:" + addressKey(ctx.ip());
  }

  /** An IPv4 address as it is; an IPv6 one by its first 64 bits. Literals only: no name is looked up. */
  static String addressKey(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return String.valueOf(address);
    }
    try {
      byte[] bytes = InetAddress.getByName(address.replace("[", "").replace("]", "")).getAddress();
      return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
