package dev.kck.auth;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Reads how long a JWKS response may be kept, from its Cache-Control header (RFC 9111). */
final class CacheControl {

  static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
  /** A bogus huge max-age must not pin old keys for weeks. */
  static final Duration LONGEST_MAX_AGE = Duration.ofDays(1);

  private CacheControl() {}

  /** max-age, 0 for no-cache / no-store, or the default when the header says neither. */
  static Duration maxAge(List<String> headerValues) {
    for (String value : headerValues) {
      for (String directive : value.toLowerCase(Locale.ROOT).split(",")) {
        String text = directive.strip();
        if (text.equals("no-cache") || text.equals("no-store")) {
          return Duration.ZERO;
        }
        if (text.startsWith("max-age=")) {
          return parseSeconds(text.substring("max-age=".length()).replace("\"", ""));
        }
      }
    }
    return DEFAULT_MAX_AGE;
  }

  private static Duration parseSeconds(String seconds) {
    if (!seconds.matches("\\d{1,12}")) {
      return DEFAULT_MAX_AGE;
    }
    Duration maxAge = Duration.ofSeconds(Long.parseLong(seconds));
    return maxAge.compareTo(LONGEST_MAX_AGE) > 0 ? LONGEST_MAX_AGE : maxAge;
  }
}
