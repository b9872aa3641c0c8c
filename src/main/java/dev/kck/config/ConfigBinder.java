package dev.kck.config;

import dev.kck.yaml.Durations;
import dev.kck.yaml.EnvSubstitution;
import dev.kck.yaml.Section;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Binds the top of {@code kck.yaml} to {@link KckConfig}, checking each value where it is read so that
 * a problem names its field and line. Every default lives here, once: {@link ConfigLoader#defaults()}
 * is this binder run over an empty file.
 */
final class ConfigBinder {
  private static final Set<String> BACKENDS = Set.of("postgres", "cassandra", "memory");

  private final Path baseDir;
  private final AuthBinder auth;
  private final CassandraBinder cassandra = new CassandraBinder();

  ConfigBinder(Path baseDir) {
    this.baseDir = baseDir;
    this.auth = new AuthBinder(baseDir);
  }

  KckConfig bind(Section root) {
    KckConfig.Server server = server(root.section("server"));
    Section authSection = root.section("auth");
    KckConfig.Source source = source(root.section("source")); // first: the built-in key's secret goes beside its data
    KckConfig config = new KckConfig(
        server,
        auth.bind(authSection, source.dataDir()),
        source,
        cache(root.section("cache")),
        path(root, "products", "config/products"),
        path(root, "updaters", "config/updaters"),
        path(root, "plugins", "plugins"),
        refresh(root.section("refresh")),
        live(root.section("live")));
    root.finish();
    return config;
  }

  private KckConfig.Server server(Section s) {
    String host = s.string("host", "127.0.0.1");
    if (host.isBlank()) {
      s.problem("host", "must not be empty (0.0.0.0 listens on every interface)");
    }
    int port = s.integer("port", 8080);
    if (port < 0 || port > 65535) {
      s.problem("port", "must be between 0 and 65535 (0 = any free port), got " + port);
    }
    long maxBody = s.size("max_body", 1L << 20);
    if (maxBody < 1) {
      s.problem("max_body", "must be at least 1 byte");
    }
    List<String> cors = s.strings("cors_origins", List.of());
    cors.stream().filter(origin -> !isOrigin(origin)).forEach(origin ->
        s.problem("cors_origins", "'" + origin + "' is not an origin like https://app.example.com or *"));
    String metricsScope = s.string("metrics_scope", "");
    KckConfig.Limits limits = LimitsBinder.bind(s);
    Duration grace = s.duration("shutdown_grace", KckConfig.Server.DEFAULT_SHUTDOWN_GRACE);
    KckConfig.Server server = new KckConfig.Server(host, port, maxBody, cors, metricsScope, limits, grace);
    s.finish();
    return server;
  }

  private KckConfig.Source source(Section s) {
    String url = s.string("url", "embedded");
    if (!url.equals("embedded") && !url.startsWith("jdbc:postgresql:")) {
      s.problem("url", "expected embedded or jdbc:postgresql://host:5432/db, got '" + url + "'");
    }
    String user = s.string("user", "");
    String password = s.string("password", "");
    int poolSize = s.integer("pool_size", 10);
    if (poolSize < 1) {
      s.problem("pool_size", "must be at least 1, got " + poolSize);
    }
    Duration timeout = positive(s, "statement_timeout", Duration.ofSeconds(30));
    List<Path> initSql = s.strings("init_sql", List.of("config/sql/demo.sql")).stream().map(this::resolve).toList();
    Path dataDir = path(s, "data_dir", "data/postgres");
    Duration connectTimeout = positive(s, "connect_timeout", KckConfig.Source.DEFAULT_CONNECT_TIMEOUT);
    // By default half a minute more than a statement may take, so only a silent connection trips it.
    Duration socketTimeout = positive(s, "socket_timeout", timeout.plusSeconds(30));
    if (socketTimeout.compareTo(timeout) <= 0) {
      s.problem("socket_timeout", "must be longer than statement_timeout (" + Durations.format(timeout)
          + "), or every slow statement would look like a lost connection");
    }
    s.finish();
    return new KckConfig.Source(url, user, password, poolSize, timeout, initSql, dataDir, connectTimeout,
        socketTimeout);
  }

  private KckConfig.Cache cache(Section s) {
    String backend = s.string("backend", "postgres");
    if (!BACKENDS.contains(backend)) {
      s.problem("backend", "expected postgres, cassandra or memory, got '" + backend + "'");
    }
    long l1MaxBytes = s.size("l1_max_bytes", 256L << 20);
    Duration statementTimeout = positive(s, "statement_timeout", KckConfig.Cache.DEFAULT_STATEMENT_TIMEOUT);
    int maxPrimerRuns = s.integer("max_primer_runs", KckConfig.Cache.DEFAULT_MAX_PRIMER_RUNS);
    if (maxPrimerRuns < 1) {
      s.problem("max_primer_runs", "must be at least 1, got " + maxPrimerRuns);
    }
    long maxValueBytes = s.size("max_value_bytes", KckConfig.Cache.DEFAULT_MAX_VALUE_BYTES);
    if (maxValueBytes < 1) {
      s.problem("max_value_bytes", "must be at least 1 byte");
    }
    KckConfig.Cache cache = new KckConfig.Cache(backend, l1MaxBytes, cassandra.bind(s.section("cassandra")),
        statementTimeout, maxPrimerRuns, maxValueBytes, keyBounds(s));
    s.finish();
    return cache;
  }

  private KckConfig.KeyBounds keyBounds(Section s) {
    KckConfig.KeyBounds defaults = KckConfig.KeyBounds.DEFAULTS;
    return new KckConfig.KeyBounds(atLeastOne(s, "max_keys_per_product", defaults.maxKeysPerProduct()),
        positive(s, "key_bounds_every", defaults.every()), positive(s, "key_uses_flush", defaults.usesFlush()));
  }

  private KckConfig.Refresh refresh(Section s) {
    int workers = s.integer("workers", 4);
    if (workers < 1) {
      s.problem("workers", "must be at least 1, got " + workers);
    }
    Duration lease = positive(s, "lease", Duration.ofSeconds(30));
    s.finish();
    return new KckConfig.Refresh(workers, lease);
  }

  private KckConfig.Live live(Section s) {
    KckConfig.Live defaults = KckConfig.Live.DEFAULTS;
    KckConfig.Live live = new KckConfig.Live(
        atLeastOne(s, "max_streams", defaults.maxStreams()),
        atLeastOne(s, "max_streams_per_subject", defaults.maxStreamsPerSubject()),
        atLeastOne(s, "max_waiters", defaults.maxWaiters()),
        atLeastOne(s, "max_waiters_per_subject", defaults.maxWaitersPerSubject()),
        s.size("send_buffer", defaults.sendBuffer()),
        positive(s, "heartbeat", defaults.heartbeat()));
    if (live.sendBuffer() < 1024) {
      s.problem("send_buffer", "must be at least 1KB");
    }
    s.finish();
    return live;
  }

  private static int atLeastOne(Section s, String key, int fallback) {
    int value = s.integer(key, fallback);
    if (value < 1) {
      s.problem(key, "must be at least 1, got " + value);
    }
    return value;
  }

  private Path path(Section s, String key, String fallback) {
    return resolve(s.string(key, fallback));
  }

  private Path resolve(String path) {
    return baseDir.resolve(path).normalize();
  }

  private static Duration positive(Section s, String key, Duration fallback) {
    Duration value = s.duration(key, fallback);
    if (value.isZero()) {
      s.problem(key, "must be longer than 0");
    }
    return value;
  }

  private static boolean isOrigin(String origin) {
    if (origin.equals("*")) {
      return true;
    }
    try {
      URI uri = new URI(origin);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty());
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
