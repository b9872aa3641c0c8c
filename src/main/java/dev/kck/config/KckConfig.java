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

  /**
   * {@code server:} the HTTP listener.
   *
   * @param shutdownGrace how long requests in flight may take to finish when the instance stops
   */
  public record Server(String host, int port, long maxBody, List<String> corsOrigins, String metricsScope,
      Duration shutdownGrace) {
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public Server {
      corsOrigins = List.copyOf(corsOrigins);
    }

    /** A listener with the default shutdown grace. */
    public Server(String host, int port, long maxBody, List<String> corsOrigins, String metricsScope) {
      this(host, port, maxBody, corsOrigins, metricsScope, DEFAULT_SHUTDOWN_GRACE);
    }
  }

  /** {@code auth:} JWT verification. Empty issuer or audience means "not checked". */
  public record Auth(
      boolean enabled,
      String issuer,
      String audience,
      Duration leeway,
      String scopeClaim,
      List<JwtKey> keys,
      String jwksUrl) {
    public Auth {
      keys = List.copyOf(keys);
    }
  }

  /**
   * One verification key, bound to its one algorithm. Exactly one of secret (HS*), publicKeyFile
   * (RS* / ES*, PEM) is set; privateKeyFile optionally lets the {@code token} command sign with RS/ES.
   * kid is null when the key has none.
   */
  public record JwtKey(String kid, String alg, String secret, Path publicKeyFile, Path privateKeyFile) {}

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
   */
  public record Cache(String backend, long l1MaxBytes, Cassandra cassandra, Duration statementTimeout,
      int maxPrimerRuns, long maxValueBytes) {
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PRIMER_RUNS = 16;
    public static final long DEFAULT_MAX_VALUE_BYTES = 16L << 20;

    /** A cache with the default statement timeout, primer runs and value size. */
    public Cache(String backend, long l1MaxBytes, Cassandra cassandra) {
      this(backend, l1MaxBytes, cassandra, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_MAX_PRIMER_RUNS, DEFAULT_MAX_VALUE_BYTES);
    }
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
}
