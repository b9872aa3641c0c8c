package dev.kck.kernel;

import java.time.Duration;

/**
 * Base of every error KCK reports to a client. Each subclass fixes the HTTP status and the problem
 * type; the message is the problem's {@code detail} and must never carry SQL text, a stack trace or a
 * token. Exceptions from JDBC and the Cassandra driver are wrapped at the store or source boundary.
 */
public abstract sealed class KckException extends RuntimeException {

  protected KckException(String detail, Throwable cause) {
    super(detail, cause);
  }

  /** The HTTP status of the problem document. */
  public abstract int status();

  /** A short, fixed, human-readable summary of the problem type (RFC 9457 {@code title}). */
  public abstract String title();

  /** The problem type slug, rendered as {@code https://kck.dev/problems/<slug>}. */
  public abstract String slug();

  /** 400: a bad key, parameter or body. */
  public static final class BadRequest extends KckException {
    private final String parameter;

    public BadRequest(String detail) {
      this(detail, null);
    }

    public BadRequest(String detail, String parameter) {
      super(detail, null);
      this.parameter = parameter;
    }

    /** The parameter at fault, when there is one. */
    public String parameter() {
      return parameter;
    }

    public int status() { return 400; }
    public String title() { return "Bad request"; }
    public String slug() { return "bad-request"; }
  }

  /** 401: missing, malformed, expired or unverifiable token. */
  public static final class Unauthorized extends KckException {
    public Unauthorized(String detail) { super(detail, null); }
    public int status() { return 401; }
    public String title() { return "Unauthorized"; }
    public String slug() { return "unauthorized"; }
  }

  /** 403: a valid token without the needed scope, or a claim-bound parameter that differs. */
  public static final class Forbidden extends KckException {
    public Forbidden(String detail) { super(detail, null); }
    public int status() { return 403; }
    public String title() { return "Forbidden"; }
    public String slug() { return "forbidden"; }
  }

  /** 404: unknown product or updater, or an object product with no row. */
  public static final class NotFound extends KckException {
    public NotFound(String detail) { super(detail, null); }
    public int status() { return 404; }
    public String title() { return "Not found"; }
    public String slug() { return "not-found"; }
  }

  /** 409: an If-Match version conflict. */
  public static final class Conflict extends KckException {
    public Conflict(String detail) { super(detail, null); }
    public int status() { return 409; }
    public String title() { return "Version conflict"; }
    public String slug() { return "conflict"; }
  }

  /** 413: a request body over server.max_body. */
  public static final class PayloadTooLarge extends KckException {
    public PayloadTooLarge(String detail) { super(detail, null); }
    public int status() { return 413; }
    public String title() { return "Payload too large"; }
    public String slug() { return "payload-too-large"; }
  }

  /** 415: a body that is not JSON. */
  public static final class UnsupportedMediaType extends KckException {
    public UnsupportedMediaType(String detail) { super(detail, null); }
    public int status() { return 415; }
    public String title() { return "Unsupported media type"; }
    public String slug() { return "unsupported-media-type"; }
  }

  /** 422: an updater's SQL violated a constraint; the detail is the database's message. */
  public static final class Unprocessable extends KckException {
    public Unprocessable(String detail) { super(detail, null); }
    public int status() { return 422; }
    public String title() { return "Constraint violated"; }
    public String slug() { return "constraint-violation"; }
  }

  /** 503: the source or the cache store is down and there is no servable value. */
  public static final class Unavailable extends KckException {
    private final Duration retryAfter;

    public Unavailable(String detail, Duration retryAfter, Throwable cause) {
      super(detail, cause);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() { return retryAfter; }
    public int status() { return 503; }
    public String title() { return "Service unavailable"; }
    public String slug() { return "unavailable"; }
  }

  /** 504: a primer exceeded source.statement_timeout. */
  public static final class Timeout extends KckException {
    public Timeout(String detail, Throwable cause) { super(detail, cause); }
    public int status() { return 504; }
    public String title() { return "Primer timed out"; }
    public String slug() { return "timeout"; }
  }

  /** 500: a failure that is KCK's or its configuration's fault; details go to the log, not the client. */
  public static final class Internal extends KckException {
    public Internal(String detail, Throwable cause) { super(detail, cause); }
    public int status() { return 500; }
    public String title() { return "Internal error"; }
    public String slug() { return "internal"; }
  }
}
