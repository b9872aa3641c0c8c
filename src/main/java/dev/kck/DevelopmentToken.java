package dev.kck;

import dev.kck.auth.TokenIssuer;
import dev.kck.config.KckConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a developer running on the embedded database (or on the development secret, where the file
 * allows it) how to get a token: a ready one in the log, and the command for more. Nothing is logged
 * for any other setup: a token in a production log is a credential in the wrong place.
 */
final class DevelopmentToken {
  private static final Logger log = LoggerFactory.getLogger(DevelopmentToken.class);

  private DevelopmentToken() {}

  static void announce(KckConfig config) {
    KckConfig.Auth auth = config.auth();
    if (!auth.enabled()) {
      return; // the Authenticator already warned, loudly
    }
    if (!config.source().isEmbedded() && !auth.usesDevelopmentSecret()) {
      return;
    }
    String token;
    try {
      token = new TokenIssuer().issue(auth, "alice", List.of("sales:read"), Duration.ofHours(1), Clock.systemUTC());
    } catch (IllegalStateException e) {
      return; // no key can sign here (public keys or a JWKS only): tokens come from elsewhere
    }
    if (auth.usesDevelopmentSecret()) {
      log.warn("Signing with the built-in DEVELOPMENT secret (auth.allow_development_secret: true): it is public.");
    }
    log.info("A token for user 'alice' with scope 'sales:read', valid 1h:\n  {}\n"
        + "More: java -jar target/kck.jar token --sub alice --scope 'sales:read kck:admin'", token);
  }
}
