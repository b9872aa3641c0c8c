package dev.kck.cluster;

import com.zaxxer.hikari.HikariDataSource;
import dev.kck.kernel.Threads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries {@link Change}s between the instances of a cluster over PostgreSQL LISTEN/NOTIFY on the
 * source database, which every deployment has. A notice reaches every instance (the sender too)
 * within milliseconds. If the listening connection breaks, notices sent meanwhile are lost, so on
 * reconnecting the feed tells its listeners to resynchronise (drop the whole L1).
 */
public final class ChangeFeed implements Notices, AutoCloseable {
  static final String CHANNEL = "kck_changes";
  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

  private final HikariDataSource publisher;
  private final HikariDataSource listenerPool;
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param publisher a small pool of its own to send notices on, so that busy primers and updates
   *     cannot hold up a notice; the feed closes it
   * @param listenerPool a one-connection pool the feed holds a connection of, for LISTEN; the feed
   *     closes it
   */
  public ChangeFeed(HikariDataSource publisher, HikariDataSource listenerPool) {
    this.publisher = publisher;
    this.listenerPool = listenerPool;
    this.thread = Threads.named("kck-change-feed").newThread(this::listenLoop);
  }

  public void start() {
    thread.start();
  }

  @Override
  public void onChange(Consumer<Change> listener) {
    listeners.add(listener);
  }

  @Override
  public void onResync(Runnable resync) {
    resyncs.add(resync);
  }

  /** Sends a notice to every instance. Failures are logged: a lost notice costs freshness, not data. */
  @Override
  public void publish(Change change) {
    try (Connection connection = publisher.getConnection();
        PreparedStatement statement = connection.prepareStatement("select pg_notify(?, ?)")) {
      statement.setString(1, CHANNEL);
      statement.setString(2, change.payload());
      statement.execute();
    } catch (SQLException e) {
      log.warn("Could not publish {} of {}: {}", change.kind(), change.key(), e.getMessage());
    }
  }

  private void listenLoop() {
    boolean first = true;
    while (running) {
      try (Connection connection = listenerPool.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("listen " + CHANNEL);
        }
        if (!first) {
          log.info("Change feed reconnected; resynchronising");
          resyncs.forEach(Runnable::run);
        }
        first = false;
        receive(connection.unwrap(PGConnection.class));
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("Change feed connection lost: {}; retrying in 1 s", e.getMessage());
          pause();
        }
      }
    }
  }

  private void receive(PGConnection connection) throws SQLException {
    while (running) {
      PGNotification[] notifications = connection.getNotifications(500);
      if (notifications == null) {
        continue;
      }
      for (PGNotification notification : notifications) {
        dispatch(notification.getParameter());
      }
    }
  }

  private void dispatch(String payload) {
    Change change;
    try {
      change = Change.parse(payload);
    } catch (RuntimeException e) {
      log.warn("Ignoring a malformed change notice: {}", e.getMessage());
      return;
    }
    for (Consumer<Change> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        log.warn("A change listener failed on {} of {}", change.kind(), change.key(), e);
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    Threads.stop(thread, Duration.ofSeconds(2));
    listenerPool.close();
    publisher.close();
  }
}
