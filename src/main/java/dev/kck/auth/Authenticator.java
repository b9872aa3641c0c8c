package dev.kck.auth;

import dev.kck.auth.Rejection.RejectedToken;
import dev.kck.auth.VerifiedTokenCache.Trusted;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.kernel.RecentTexts;
import dev.kck.product.Access;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an Authorization header into a {@link Principal} and decides whether it may use a product or
 * updater. Built once from {@code auth:}; thread-safe. A token is verified once and then served from a
 * bounded cache until its {@code exp} (plus leeway). Every refusal is a 401 ({@link
 * KckException.Unauthorized}) or a 403 ({@link KckException.Forbidden}) whose detail never carries the
 * token; refusals are logged at DEBUG and counted as {@code kck.auth.rejections{reason}}.
 *
 * <p>With {@code auth.enabled: false} every access passes, and {@link #authenticate} never throws: a
 * valid token still yields its principal (claim-bound parameters keep working), any other header
 * yields {@link Principal#ANONYMOUS}.
 */
public final class Authenticator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
  static final String VERIFICATIONS_METER = "kck.auth.verifications";
  static final String REJECTIONS_METER = "kck.auth.rejections";
  private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(5);

  private final boolean enabled;
  private final boolean adminOpen;
  private final JwksKeySource jwks;
  private final VerifiedTokenCache verifiedTokens;
  /** The hot path's callers by their exact header, before the token cache: no substring, no full hash. */
  private final RecentTexts<Trusted> recentCallers = new RecentTexts<>(1024, 8192);
  private final MeterRegistry registry;

  public Authenticator(KckConfig.Auth auth, Clock clock) {
    this(auth, clock, new SimpleMeterRegistry());
  }

  /** Reads key files and, with a {@code jwks_url}, fetches the JWKS once (a failure is only logged). */
  public Authenticator(KckConfig.Auth auth, Clock clock, MeterRegistry registry) {
    this(auth, clock, registry, null);
  }

  /**
   * @param jwksExecutor runs JWKS fetches; null for a named daemon thread of its own (tests pass a direct one)
   * @throws IllegalArgumentException for a bad key or jwks_url, as a configuration error naming it
   */
  Authenticator(KckConfig.Auth auth, Clock clock, MeterRegistry registry, Executor jwksExecutor) {
    this.enabled = auth.enabled();
    this.adminOpen = auth.enabled() || auth.openAdmin();
    this.registry = registry;
    List<VerificationKey> configured = auth.keys().stream().map(key -> VerificationKey.fromConfig(key, auth, clock)).toList();
    this.jwks = AuthSettings.isSet(auth.jwksUrl())
        ? new JwksKeySource(URI.create(auth.jwksUrl()), auth, clock,
            jwksExecutor != null ? jwksExecutor : JwksKeySource.newFetchExecutor(), JWKS_TIMEOUT)
        : null;
    TokenVerifier verifier = new TokenVerifier(new KeyRing(configured, jwks),
        new PrincipalReader(AuthSettings.scopeClaim(auth)), TokenRules.of(auth, clock));
    this.verifiedTokens = new VerifiedTokenCache(verifier, clock, AuthSettings.leewaySeconds(auth), registry.counter(VERIFICATIONS_METER));
    if (!enabled) {
      log.warn("auth.enabled is false: every product and updater is public, tokens are optional; the admin "
          + "routes are {}", adminOpen ? "OPEN to everyone (auth.open_admin: true)" : "closed (403)");
    }
    if (jwks != null) {
      jwks.start();
    }
  }

  /** False when {@code auth.enabled} is false: every product and updater is then public. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The caller of a request. A null or blank header is {@link Principal#ANONYMOUS}; whether that may
   * pass is for {@link #authorize} to say.
   *
   * @throws KckException.Unauthorized when a header is sent but is not a valid bearer token (auth on)
   */
  public Principal authenticate(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return Principal.ANONYMOUS;
    }
    try {
      return verifiedTokens.principalOf(bearerToken(authorizationHeader));
    } catch (RejectedToken e) {
      return refuse(e.rejection());
    }
  }

  /**
   * The caller when that takes no verification: {@link Principal#ANONYMOUS} for no header, the
   * principal of a token already verified and still trusted; null for anything else (a token not
   * seen yet, a malformed header), which {@link #authenticate} must then decide. For the hot path,
   * which must never wait on a key set nor verify a token twice.
   */
  public Principal knownCaller(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return Principal.ANONYMOUS;
    }
    Trusted recent = recentCallers.get(authorizationHeader);
    if (recent == null || !recent.trustedAt(verifiedTokens.now())) {
      try {
        recent = verifiedTokens.known(bearerToken(authorizationHeader));
      } catch (RejectedToken e) {
        return null;
      }
      if (recent == null) {
        return null;
      }
      recentCallers.put(authorizationHeader, recent);
    }
    return recent.principal();
  }

  /**
   * Passes or throws: {@code Public} always passes; {@code Authenticated} needs a token; {@code Scopes}
   * needs a token with at least one of the scopes. Everything passes when auth is disabled.
   *
   * @throws KckException.Unauthorized when a token is needed and the caller has none
   * @throws KckException.Forbidden when the token lacks every one of the needed scopes
   */
  public void authorize(Access access, Principal principal) {
    if (!enabled || access instanceof Access.Public) {
      return;
    }
    if (principal.isAnonymous()) {
      throw new KckException.Unauthorized("a bearer token is required");
    }
    if (access instanceof Access.Scopes needed && !holdsAny(principal, needed.anyOf())) {
      throw new KckException.Forbidden("the token needs one of the scopes: " + String.join(", ", new TreeSet<>(needed.anyOf())));
    }
  }

  /** A plain loop: this runs on every authorised fetch, hits included. */
  private static boolean holdsAny(Principal principal, Set<String> scopes) {
    for (String scope : scopes) {
      if (principal.scopes().contains(scope)) {
        return true;
      }
    }
    return false;
  }

  /**
   * False when auth is disabled and {@code auth.open_admin} is not set: the admin routes then answer
   * 403 to everyone, since nobody can prove to hold {@code kck:admin}.
   */
  public boolean adminRoutesOpen() {
    return adminOpen;
  }

  /** For admin and metrics checks: true when the principal holds the scope, or when auth is disabled. */
  public boolean hasScope(Principal principal, String scope) {
    return !enabled || !principal.isAnonymous() && principal.scopes().contains(scope);
  }

  /** Stops the JWKS fetch thread, if any. */
  @Override
  public void close() {
    if (jwks != null) {
      jwks.close();
    }
  }

  /** "Bearer" is case-insensitive (RFC 9110 section 11.1); other schemes are refused. */
  static String bearerToken(String header) throws RejectedToken {
    String text = header.strip();
    int space = text.indexOf(' ');
    if (space != "Bearer".length() || !text.regionMatches(true, 0, "Bearer", 0, space)) {
      throw new RejectedToken(Rejection.NOT_BEARER);
    }
    return text.substring(space + 1).strip();
  }

  private Principal refuse(Rejection rejection) {
    registry.counter(REJECTIONS_METER, "reason", rejection.tag()).increment();
    log.debug("bearer token refused: {}", rejection.detail);
    if (!enabled) {
      return Principal.ANONYMOUS;
    }
    throw rejection.toException();
  }
}
