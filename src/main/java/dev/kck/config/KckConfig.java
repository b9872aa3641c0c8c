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
    Refresh refresh,
    Live live) {

  /** A configuration with the default {@code live:} limits. */
  public KckConfig(Server server, Auth auth, Source source, Cache cache, Path products, Path updaters, Path plugins,
      Refresh refresh) {
    this(server, auth, source, cache, products, updaters, plugins, refresh, Live.DEFAULTS);
  }

  /**
   * {@code server:} the HTTP listener.
   *
   * @param limits what one client may hold: time, sizes, rates
   * @param shutdownGrace how long requests in flight may take to finish when the instance stops
   */
  public record Server(String host, int port, long maxBody, List<String> corsOrigins, String metricsScope,
      Limits limits, Duration shutdownGrace) {
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public Server {
      corsOrigins = List.copyOf(corsOrigins);
    }

    /** A listener with the default limits and shutdown grace. */
    public Server(String host, int port, long maxBody, List<String> corsOrigins, String metricsScope) {
      this(host, port, maxBody, corsOrigins, metricsScope, Limits.DEFAULTS, DEFAULT_SHUTDOWN_GRACE);
    }

    /** A listener with these limits and the default shutdown grace. */
    public Server(String host, int port, long maxBody, List<String> corsOrigins, String metricsScope, Limits limits) {
      this(host, port, maxBody, corsOrigins, metricsScope, limits, DEFAULT_SHUTDOWN_GRACE);
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

  /**
   * {@code source:} the authoritative PostgreSQL. url "embedded" starts one in dataDir.
   *
   * @param connectTimeout longest wait to connect, or for a connection from a pool, on any pool of it
   * @param socketTimeout a connection whose server sends nothing for this long is dropped (longer
   *     than statementTimeout; by default 30 s longer)
   */
  public record Source(
      String url,
      String user,
      String password,
      int poolSize,
      Duration statementTimeout,
      List<Path> initSql,
      Path dataDir,
      Duration connectTimeout,
      Duration socketTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public Source {
      initSql = List.copyOf(initSql);
    }

    /** A source with the default connect and socket timeouts. */
    public Source(String url, String user, String password, int poolSize, Duration statementTimeout,
        List<Path> initSql, Path dataDir) {
      this(url, user, password, poolSize, statementTimeout, initSql, dataDir, DEFAULT_CONNECT_TIMEOUT,
          statementTimeout.plusSeconds(30));
    }

    public boolean isEmbedded() {
      return "embedded".equals(url);
    }
  }

  /**
   * {@code cache:} the in-process L1 and the shared cache store.
   *
   * @param statementTimeout longest a cache store operation may take before it fails (503)
   * @param maxPrimerRuns primer runs this instance makes at once; a miss beyond them gets 503
   * @param maxValueBytes the largest value, as JSON, a primer or augmentation may produce
   * @param keyBounds how many keys a product may keep cached, and how often that is enforced
   */
  public record Cache(String backend, long l1MaxBytes, Cassandra cassandra, Duration statementTimeout,
      int maxPrimerRuns, long maxValueBytes, KeyBounds keyBounds) {
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PRIMER_RUNS = 16;
    public static final long DEFAULT_MAX_VALUE_BYTES = 16L << 20;

    public Cache {
      keyBounds = keyBounds == null ? KeyBounds.DEFAULTS : keyBounds;
    }

    /** A cache with the default key bounds. */
    public Cache(String backend, long l1MaxBytes, Cassandra cassandra, Duration statementTimeout, int maxPrimerRuns,
        long maxValueBytes) {
      this(backend, l1MaxBytes, cassandra, statementTimeout, maxPrimerRuns, maxValueBytes, KeyBounds.DEFAULTS);
    }

    /** A cache with the default statement timeout, primer runs and value size. */
    public Cache(String backend, long l1MaxBytes, Cassandra cassandra) {
      this(backend, l1MaxBytes, cassandra, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_MAX_PRIMER_RUNS, DEFAULT_MAX_VALUE_BYTES);
    }
  }

  /**
   * The bound on each product's cached keys: beyond it the least recently used are evicted.
   *
   * @param maxKeysPerProduct the bound of a product whose file sets no {@code max_keys}
   * @param every how often one instance of the cluster enforces every product's bound
   * @param usesFlush how often each instance tells the store which keys it served
   */
  public record KeyBounds(int maxKeysPerProduct, Duration every, Duration usesFlush) {
    public static final KeyBounds DEFAULTS = new KeyBounds(100_000, Duration.ofMinutes(1), Duration.ofSeconds(10));
  }

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

  /**
   * {@code live:} what one instance holds open for clients waiting on new versions.
   *
   * @param maxStreams open {@code /subscribe} streams per instance (beyond: 503)
   * @param maxStreamsPerSubject open streams per token subject, or per client address when anonymous (beyond: 429)
   * @param maxWaiters long polls ({@code Prefer: wait}) held per instance (beyond: 503)
   * @param maxWaitersPerSubject long polls held per token subject or client address (beyond: 429)
   * @param sendBuffer bytes queued for one stream beyond the write in flight; a stream over it is dropped
   * @param heartbeat how often an idle stream gets a comment line
   */
  public record Live(int maxStreams, int maxStreamsPerSubject, int maxWaiters, int maxWaitersPerSubject,
      long sendBuffer, Duration heartbeat) {
    public static final Live DEFAULTS = new Live(20_000, 16, 20_000, 256, 1L << 20, Duration.ofSeconds(15));
  }
}
