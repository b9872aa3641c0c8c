package dev.kck.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Cassandra node for the whole test JVM (failsafe runs every IT in one JVM), started on first use
 * and stopped when the JVM exits. Test classes share it and isolate themselves with
 * {@link #newKeyspace(String)}.
 */
public final class SharedCassandra {

  private static final int MAX_KEYSPACE_NAME = 48;
  private static final AtomicInteger KEYSPACES = new AtomicInteger();
  private static CassandraNode node;

  private SharedCassandra() {}

  public static synchronized CassandraNode node() {
    if (node == null) {
      node = CassandraNode.start("127.0.0.1");
      CassandraNode started = node;
      // Its data is deleted anyway, so a graceful stop (about 5 s) would only delay the build.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.kill();
                    started.stop();
                  },
                  "shared-cassandra-stop"));
    }
    return node;
  }

  /**
   * Creates a keyspace (SimpleStrategy, replication factor 1) whose name starts with {@code prefix}
   * and is new in this run, and returns that name.
   */
  public static String newKeyspace(String prefix) {
    String name = keyspaceName(prefix, KEYSPACES.incrementAndGet());
    try (CqlSession session = node().sessionBuilder().build()) {
      session.execute(
          """
          CREATE KEYSPACE %s
          WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}
          """
              .formatted(name));
    }
    return name;
  }

  static String keyspaceName(String prefix, int number) {
    String suffix = "_" + number;
    String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
      cleaned = "ks_" + cleaned;
    }
    return cleaned.substring(0, Math.min(cleaned.length(), MAX_KEYSPACE_NAME - suffix.length()))
        + suffix;
  }
}
