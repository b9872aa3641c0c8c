package dev.kck;

import dev.kck.auth.TokenIssuer;
import dev.kck.config.KckConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells a developer running on the built-in development key how to get a token. */
final class DevelopmentToken {
  static final String DEVELOPMENT_SECRET = "change-me-this-is-a-development-secret!";
  private static final Logger log = LoggerFactory.getLogger(DevelopmentToken.class);

  private DevelopmentToken() {}

  static void announce(KckConfig.Auth auth) {
    if (!auth.enabled()) {
      return; // the Authenticator already warned, loudly
    }
    boolean development = auth.keys().stream().anyMatch(key -> DEVELOPMENT_SECRET.equals(key.secret()));
    if (!development) {
      return;
    }
    String token = new TokenIssuer().issue(auth, "alice", List.of("sales:read"), Duration.ofHours(1), Clock.systemUTC());
    log.warn("Using the built-in DEVELOPMENT signing key (set KCK_JWT_SECRET in production).");
    log.info("A token for user 'alice' with scope 'sales:read', valid 1h:\n  {}\n"
        + "More: java -jar target/kck.jar token --sub alice --scope 'sales:read kck:admin'", token);
  }
}
