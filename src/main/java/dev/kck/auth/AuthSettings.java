package dev.kck.auth;

import dev.kck.config.KckConfig;
import java.time.Duration;

/** Reads {@code auth:} settings with their defaults, so a hand-built config works as a loaded one. */
final class AuthSettings {

  static final String DEFAULT_SCOPE_CLAIM = "scope";

  private AuthSettings() {}

  static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  /** java-jwt counts leeway in whole seconds; a fraction is rounded down. */
  static long leewaySeconds(KckConfig.Auth auth) {
    Duration leeway = auth.leeway();
    return leeway == null || leeway.isNegative() ? 0 : leeway.toSeconds();
  }

  static String scopeClaim(KckConfig.Auth auth) {
    return isSet(auth.scopeClaim()) ? auth.scopeClaim() : DEFAULT_SCOPE_CLAIM;
  }
}
