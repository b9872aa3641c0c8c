package dev.kck.auth;

import dev.kck.kernel.KckException;
import java.util.Locale;

/**
 * Why a bearer token was refused. The detail is the 401 problem's text: short, fixed, and never
 * containing the token or anything decoded from it (a claim value is attacker-controlled text).
 */
enum Rejection {
  NOT_BEARER("the Authorization header must be 'Bearer <token>'"),
  TOO_LARGE("the bearer token is too large"),
  MALFORMED("the bearer token is malformed"),
  ALGORITHM("the token's algorithm is not accepted"),
  UNKNOWN_KEY("the token's key id (kid) is unknown"),
  SIGNATURE("the token's signature is invalid"),
  EXPIRED("the token has expired"),
  NO_EXPIRY("the token has no expiry (exp)"),
  LIFETIME("the token's lifetime (exp - iat) is longer than accepted"),
  CRITICAL("the token's crit header names an extension that is not supported"),
  TYPE("the token's type (typ) is not a JWT"),
  NOT_YET_VALID("the token is not valid yet (nbf)"),
  ISSUED_IN_FUTURE("the token is issued in the future (iat)"),
  ISSUER("the token's issuer (iss) is not accepted"),
  AUDIENCE("the token's audience (aud) is not accepted"),
  INVALID("the token is invalid");

  final String detail;

  Rejection(String detail) {
    this.detail = detail;
  }

  /** The metric tag value: "unknown_key". */
  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  KckException.Unauthorized toException() {
    return new KckException.Unauthorized(detail);
  }

  /** Thrown inside the package; cheap (no stack trace) because refusing tokens is routine. */
  static final class RejectedToken extends Exception {
    private final Rejection rejection;

    RejectedToken(Rejection rejection) {
      super(rejection.detail, null, false, false);
      this.rejection = rejection;
    }

    Rejection rejection() {
      return rejection;
    }
  }
}
