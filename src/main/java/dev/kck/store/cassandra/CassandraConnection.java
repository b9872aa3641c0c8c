package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import dev.kck.kernel.KckException;
import dev.kck.kernel.Threads;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one {@link CqlSession}, from first connection to close, and whether it is usable.
 *
 * <p>Start-up never waits for Cassandra: the session is built in the background, and the driver
 * keeps trying the contact points (reconnect-on-init) until one answers. Then KCK's own setup
 * thread creates the schema and prepares the statements, retrying with back-off when that fails.
 * Until all of that is done every operation fails at once with {@link KckException.Unavailable},
 * which is what {@code ping()} reports too. Once connected, the driver reconnects to nodes that go
 * away by itself; requests meanwhile fail fast (no node available) and are reported the same way.
 *
 * <p>Driver callbacks only hand work over to the setup thread; nothing blocks a driver thread.
 */
final class CassandraConnection implements AutoCloseable {
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  private static final Duration FIRST_SETUP_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_SETUP_RETRY = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(CassandraConnection.class);

  private final DriverSettings settings;
  private final String quotedKeyspace;
  private final String replication;
  private final ScheduledExecutorService setup;
  private final CompletableFuture<CqlSession> building;
  private final CompletableFuture<Void> readiness = new CompletableFuture<>();
  private volatile Prepared prepared;
  private volatile boolean closed;
  private Duration nextSetupRetry = FIRST_SETUP_RETRY; // setup thread only

  private CassandraConnection(DriverSettings settings, String quotedKeyspace, String replication) {
    this.settings = settings;
    this.quotedKeyspace = quotedKeyspace;
    this.replication = replication;
    this.setup = Executors.newSingleThreadScheduledExecutor(Threads.named("kck-cassandra-setup"));
    this.building = CqlSession.builder().withConfigLoader(settings.loader()).buildAsync().toCompletableFuture();
  }

  /** Starts connecting in the background and returns at once. */
  static CassandraConnection start(DriverSettings settings, String quotedKeyspace, String replication) {
    CassandraConnection connection = new CassandraConnection(settings, quotedKeyspace, replication);
    connection.building.whenCompleteAsync(connection::built, connection.setup);
    return connection;
  }

  /** Waits up to {@code timeout} for the store to become usable; true when it is. */
  boolean awaitReady(Duration timeout) {
    try {
      readiness.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs {@code work} with the prepared session; driver failures become {@link
   * KckException.Unavailable} naming the operation (never the CQL or the driver's message).
   */
  <T> T run(String operation, Function<Prepared, T> work) {
    Prepared current = closed ? null : prepared;
    if (current == null) {
      throw new KckException.Unavailable(
          "cache store (cassandra) is not connected; it keeps trying", RETRY_AFTER, null);
    }
    try {
      return work.apply(current);
    } catch (DriverException e) {
      throw unavailable(operation, e);
    }
  }

  static KckException.Unavailable unavailable(String operation, Throwable cause) {
    return new KckException.Unavailable("cache store (cassandra) failed to " + operation, RETRY_AFTER, cause);
  }

  /** A compare-and-set loop that kept losing races to other instances. */
  static KckException.Unavailable tooBusy(String operation) {
    return new KckException.Unavailable("cache store (cassandra) is too busy to " + operation, RETRY_AFTER, null);
  }

  /**
   * Stops connecting (if still trying) and closes the session: in-flight requests fail, and so
   * does every later operation.
   */
  @Override
  public void close() {
    closed = true;
    prepared = null;
    building.cancel(true); // stops the driver's reconnect-on-init attempts, if any
    if (building.isDone() && !building.isCompletedExceptionally()) {
      building.join().close();
    }
    setup.shutdownNow();
    try {
      setup.awaitTermination(CassandraSchema.DDL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void built(CqlSession session, Throwable error) {
    if (error instanceof CancellationException || closed) {
      return; // closed before or while connecting: close() takes care of the session
    }
    if (error != null) {
      // Unreachable nodes are retried by the driver; what ends up here will not get better.
      log.error("Cassandra session cannot start: {}; the cache store stays unavailable", error.toString());
      readiness.completeExceptionally(error);
      return;
    }
    prepare(session);
  }

  private void prepare(CqlSession session) {
    if (closed) {
      return;
    }
    try {
      CassandraSchema.create(session, quotedKeyspace, replication);
      prepared = Prepared.prepare(session, settings, quotedKeyspace);
      readiness.complete(null);
      log.info("Cassandra cache store connected (keyspace {})", quotedKeyspace);
      setup.execute(() -> copyLegacyIndex(session, FIRST_SETUP_RETRY));
    } catch (DriverException | IllegalStateException e) {
      if (closed) {
        return;
      }
      if (e instanceof QueryValidationException) {
        // Refused DDL (a replication map the cluster rejects, missing permissions): someone must act.
        log.error("Cassandra refused the cache store's schema ({}); retrying in {} s", e.getMessage(),
            nextSetupRetry.toSeconds());
      } else {
        log.warn("Cassandra cache store setup failed ({}); retrying in {} s", e.toString(), nextSetupRetry.toSeconds());
      }
      setup.schedule(() -> prepare(session), nextSetupRetry.toMillis(), TimeUnit.MILLISECONDS);
      nextSetupRetry = min(nextSetupRetry.multipliedBy(2), MAX_SETUP_RETRY);
    }
  }

  /**
   * After the store is usable, not before: a large old index must not hold up readiness. Until it
   * is copied, keys cached before the upgrade are missing from keysOf, as they were before it ran.
   */
  private void copyLegacyIndex(CqlSession session, Duration retry) {
    if (closed) {
      return;
    }
    try {
      LegacyKeyIndex.copy(session, new Preparer(session, settings, quotedKeyspace), quotedKeyspace);
    } catch (DriverException e) {
      log.warn("Copying the old key index (keys_by_product) failed ({}); retrying in {} s", e.toString(),
          retry.toSeconds());
      setup.schedule(() -> copyLegacyIndex(session, min(retry.multipliedBy(2), MAX_SETUP_RETRY)), retry.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
