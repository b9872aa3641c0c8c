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

  /** {@code server:} the HTTP listener. */
  public record Server(String host, int port, long maxBody, List<String> corsOrigins, String metricsScope) {
    public Server {
      corsOrigins = List.copyOf(corsOrigins);
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
