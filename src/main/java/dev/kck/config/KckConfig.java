package dev.kck.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole service configuration: one immutable tree, loaded from YAML by {@link ConfigLoader}.
 * Every key is documented in {@code config/reference.yaml}.
 */
public record KckConfig(
    Server server,
    Auth auth,
    Source source,
    Cache cache,
    Path products,
    Path updaters,
    Path plugins,
    Refresh refresh) {

  /** {@code server:} the HTTP listener. */
  public record Server(String host, int port, long maxBody, List<String> corsOrigins, String metricsScope,
      Limits limits) {
    public Server {
      corsOrigins = List.copyOf(corsOrigins);
    }

    /** A listener with the default limits. */
    public Server(String host, int port, long maxBody, List<String> corsOrigins, String metricsScope) {
      this(host, port, maxBody, corsOrigins, metricsScope, Limits.DEFAULTS);
    }
  }

  /**
   * What one client may cost the server, all read from {@code server:}.
   *
   * @param idleTimeout a connection that sends and receives nothing for this long is closed
   * @param minRequestRate bytes per second a request body must arrive at, at least (0 = not checked)
   * @param maxHeaderSize the largest request line plus headers, in bytes (beyond: 431)
   * @param maxUpdateCalls the most calls one {@code POST /update} array may hold (beyond: 400)
   * @param rateLimit requests per token subject, or per client address when anonymous
   */
  public record Limits(Duration idleTimeout, long minRequestRate, int maxHeaderSize, int maxUpdateCalls,
      RateLimit rateLimit) {
    public static final Limits DEFAULTS =
        new Limits(Duration.ofSeconds(30), 256, 8 * 1024, 1000, RateLimit.OFF);
  }

  /**
   * {@code server.rate_limit:} a token bucket per caller.
   *
   * @param requestsPerSecond tokens added per second; 0 = no rate limit
   * @param burst the bucket's size: requests allowed at once after a quiet spell
   */
  public record RateLimit(int requestsPerSecond, int burst) {
    public static final RateLimit OFF = new RateLimit(0, 50);

    public boolean enabled() {
      return requestsPerSecond > 0;
    }
  }

  /**
   * {@code auth:} JWT verification. Empty issuer or audience means "not checked".
   *
   * @param requireExp tokens without {@code exp} are refused
   * @param maxTokenLifetime the longest a token may live, exp - iat (or exp - now); zero = no limit
   * @param allowDevelopmentSecret the built-in development secret may be used (public knowledge)
   * @param openAdmin with auth disabled, the admin routes are open to everyone (else they answer 403)
   */
  public record Auth(
      boolean enabled,
      String issuer,
      String audience,
      Duration leeway,
      String scopeClaim,
      List<JwtKey> keys,
      String jwksUrl,
      boolean requireExp,
      Duration maxTokenLifetime,
      boolean allowDevelopmentSecret,
      boolean openAdmin) {
    /** The built-in development secret: public, in this repository, so no configuration may use it unawares. */
    public static final String DEVELOPMENT_SECRET = "change-me-this-is-a-development-secret!";

    public Auth {
      keys = List.copyOf(keys);
    }

    /** Auth with the safe defaults for the RFC 8725 and admin switches. */
    public Auth(boolean enabled, String issuer, String audience, Duration leeway, String scopeClaim,
        List<JwtKey> keys, String jwksUrl) {
      this(enabled, issuer, audience, leeway, scopeClaim, keys, jwksUrl, true, Duration.ZERO, false, false);
    }

    /** True when a key uses {@link #DEVELOPMENT_SECRET}. */
    public boolean usesDevelopmentSecret() {
      return keys.stream().anyMatch(key -> DEVELOPMENT_SECRET.equals(key.secret()));
    }
  }

  /**
   * One verification key, bound to its one algorithm. Exactly one of secret or secretFile (HS*),
   * publicKeyFile (RS* / ES*, PEM) is set; privateKeyFile optionally lets the {@code token} command
   * sign with RS/ES. kid is null when the key has none. A secretFile that does not exist is made, with
   * a random secret, the first time the key is used.
   */
  public record JwtKey(String kid, String alg, String secret, Path publicKeyFile, Path privateKeyFile,
      Path secretFile) {
    /** A key whose secret, if any, is given inline. */
    public JwtKey(String kid, String alg, String secret, Path publicKeyFile, Path privateKeyFile) {
      this(kid, alg, secret, publicKeyFile, privateKeyFile, null);
    }
  }

  /** {@code source:} the authoritative PostgreSQL. url "embedded" starts one in dataDir. */
  public record Source(
      String url,
      String user,
      String password,
      int poolSize,
      Duration statementTimeout,
      List<Path> initSql,
      Path dataDir) {
    public Source {
      initSql = List.copyOf(initSql);
    }

    public boolean isEmbedded() {
      return "embedded".equals(url);
    }
  }

  /** {@code cache:} the in-process L1 and the shared cache store. */
  public record Cache(String backend, long l1MaxBytes, Cassandra cassandra) {}

  /** {@code cache.cassandra:} the Cassandra store. */
  public record Cassandra(
      List<String> contactPoints,
      String localDatacenter,
      String keyspace,
      String replication,
      String readConsistency,
      String writeConsistency) {
    public Cassandra {
      contactPoints = List.copyOf(contactPoints);
    }
  }

  /** {@code refresh:} background refresh workers. */
  public record Refresh(int workers, Duration lease) {}
}
