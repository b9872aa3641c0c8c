package dev.kck.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Cassandra node in a child JVM, started from the test classpath ({@code cassandra-all} is a
 * test dependency). Its data lives in a fresh directory under {@code target/} that {@link #stop()}
 * deletes; its output goes to {@code target/cassandra-<address>-<native port>.log}. The benchmark
 * runs it elsewhere, from another class path and tuned otherwise: see {@link CassandraNodeOptions}.
 *
 * <p>Nodes on 127.0.0.2, 127.0.0.3, ... seeded with the first node's {@link #storageEndpoint()} form
 * one cluster. The child exits by itself if the JVM that started it dies (see {@link
 * ExitWithParent}).
 */
public final class CassandraNode implements AutoCloseable {

  public static final String LOCAL_DATACENTER = "datacenter1";

  private static final Logger LOG = LoggerFactory.getLogger(CassandraNode.class);

  private static final String READY_LINE = "Starting listening for CQL clients";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 60;

  /**
   * Driver settings for tests: a session closes at once instead of after Netty's 2 s quiet period,
   * and a request may take 10 s instead of 2 s (schema changes on a busy 2-core machine need it).
   */
  private static final DriverConfigLoader TEST_CONFIG = testConfig().build();

  /** The readiness probe only needs a connection: no schema or token metadata. */
  private static final DriverConfigLoader PROBE_CONFIG =
      testConfig()
          .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
          .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
          .build();

  private final CassandraNodeConfig config;
  private final CassandraNodeLog log;
  private Process process;
  private boolean deleted;

  private CassandraNode(CassandraNodeConfig config, CassandraNodeLog log) {
    this.config = config;
    this.log = log;
  }

  /** Starts a single-node cluster (the node is its own seed) and waits until CQL clients can connect. */
  public static CassandraNode start(String listenAddress) {
    return start(listenAddress, List.of());
  }

  /**
   * Starts a node that joins the cluster of {@code seeds} (storage endpoints of running nodes); with no
   * seeds the node seeds itself and starts a new cluster.
   */
  public static CassandraNode start(String listenAddress, List<InetSocketAddress> seeds) {
    return start(listenAddress, seeds, CassandraNodeOptions.forTests());
  }

  /** As {@link #start(String, List)}, with files, class path and tuning from {@code options}. */
  public static CassandraNode start(
      String listenAddress, List<InetSocketAddress> seeds, CassandraNodeOptions options) {
    CassandraNodeConfig config = CassandraNodeConfig.create(listenAddress, seeds, options);
    CassandraNode node = new CassandraNode(config, new CassandraNodeLog(config.logFile()));
    try {
      node.launch();
    } catch (RuntimeException e) {
      config.deleteDirectory();
      throw e;
    }
    return node;
  }

  /** The CQL (native protocol) endpoint, for {@code CqlSession.builder().addContactPoint(...)}. */
  public InetSocketAddress contactPoint() {
    return new InetSocketAddress(config.listenAddress(), config.nativePort());
  }

  /** The internode endpoint, to pass as a seed to the next node of a cluster. */
  public InetSocketAddress storageEndpoint() {
    return new InetSocketAddress(config.listenAddress(), config.storagePort());
  }

  /**
   * A session builder aimed at this node, with test-friendly timeouts (see {@link #TEST_CONFIG}); the
   * caller builds and closes the session.
   */
  public CqlSessionBuilder sessionBuilder() {
    return CqlSession.builder()
        .addContactPoint(contactPoint())
        .withLocalDatacenter(LOCAL_DATACENTER)
        .withConfigLoader(TEST_CONFIG);
  }

  public Path logFile() {
    return log.file();
  }

  /** The operating system's id of the node's process, for tools that watch it. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("node " + contactPoint() + " is not running");
    }
    return process.pid();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the node at once (SIGKILL), as a crash would; its data stays for {@link #restart()}. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      awaitExit(STOP_TIMEOUT);
    }
  }

  /**
   * Stops the node if it runs (gracefully, then forcibly) and starts it again on the same ports and
   * data, waiting until it accepts CQL clients.
   */
  public synchronized void restart() {
    if (deleted) {
      throw new IllegalStateException("node " + contactPoint() + " was stopped and its data deleted");
    }
    shutDown();
    launch();
  }

  /** Stops the node (gracefully, forcibly after a timeout) and deletes its data. Idempotent. */
  public synchronized void stop() {
    shutDown();
    config.deleteDirectory();
    deleted = true;
  }

  @Override
  public void close() {
    stop();
  }

  private void shutDown() {
    if (process == null) {
      return;
    }
    if (process.isAlive()) {
      process.destroy();
      if (!awaitExit(STOP_TIMEOUT)) {
        kill();
      }
    }
    process = null;
  }

  private void launch() {
    List<String> command = command();
    long logStart;
    try {
      logStart = log.beginStart(String.join(" ", command).replace(classPath(), "<class path>"));
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Cassandra node " + config.listenAddress(), e);
    }
    long startedAt = System.nanoTime();
    try {
      awaitReady(logStart);
    } catch (RuntimeException e) {
      kill();
      throw e;
    }
    LOG.info(
        "Cassandra node {} ready in {} ms (log: {})",
        contactPoint(),
        Duration.ofNanos(System.nanoTime() - startedAt).toMillis(),
        log.file());
  }

  private void awaitReady(long logStart) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    boolean listening = false;
    while (true) {
      if (!process.isAlive()) {
        throw startFailure("the node exited with code " + process.exitValue());
      }
      listening = listening || log.containsAfter(logStart, READY_LINE);
      if (listening && canConnect()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw startFailure("the node was not ready after " + START_TIMEOUT.toSeconds() + " s");
      }
      sleep(Duration.ofMillis(250));
    }
  }

  private boolean canConnect() {
    try (CqlSession session = sessionBuilder().withConfigLoader(PROBE_CONFIG).build()) {
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private IllegalStateException startFailure(String reason) {
    return new IllegalStateException(
        "Cassandra node " + contactPoint() + " did not start: " + reason + ". Last lines of "
            + log.file().toAbsolutePath() + ":" + System.lineSeparator() + log.tail(LOG_TAIL_LINES));
  }

  private List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(CassandraJvmOptions.forServer(config.options().tuning()));
    Path dir = config.directory();
    command.addAll(
        List.of(
            "-Dcassandra.config=" + config.yamlFile().toUri(),
            "-Dcassandra-foreground=yes",
            "-Dcassandra.storagedir=" + dir,
            "-Dcassandra.logdir=" + dir.resolve("logs"),
            "-Dcassandra.jmx.local.port=" + config.jmxPort(),
            "-Dlogback.configurationFile=" + config.logbackFile(),
            "-cp",
            classPath(),
            ExitWithParent.class.getName(),
            "org.apache.cassandra.service.CassandraDaemon"));
    return command;
  }

  /** By default the test class path, where {@code cassandra-all} is. */
  private String classPath() {
    return config.options().classPath();
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  private static ProgrammaticDriverConfigLoaderBuilder testConfig() {
    return DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Cassandra", e);
    }
  }
}
