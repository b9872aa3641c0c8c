package dev.kck.bench;

import dev.kck.testing.CassandraNode;
import dev.kck.testing.CassandraNodeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The run's Cassandra 5.0 node, when it has one: the test kit's {@link CassandraNode}, tuned for a
 * benchmark (full JIT, Cassandra's default periodic commit log), its data and log in
 * {@code bench/work/cassandra} (emptied first), running from the root project's test class path
 * ({@code bench/work/cassandra.classpath}, where {@code cassandra-all} is). Without a node,
 * {@link #note()} says why, for the rows that would have used it.
 */
record BenchCassandra(CassandraNode node, String note) {
  /** The store's class, wherever its package is (it moved from cache.cassandra to store.cassandra). */
  private static final String CASSANDRA_STORE_CLASS = "/cassandra/CassandraStore.class";

  static BenchCassandra start(Settings settings) {
    if (!settings.cassandra()) {
      return new BenchCassandra(null, "n/a (skipped: BENCH_CASSANDRA=0)");
    }
    if (!hasCassandraStore(settings.kckJar())) {
      Log.progress("%s has no cassandra cache store yet: the cassandra rows will say n/a", settings.kckJar());
      return new BenchCassandra(null, "n/a (backend not available)");
    }
    Path work = settings.work().resolve("cassandra");
    try {
      Log.progress("starting a Cassandra 5.0 node (about 15-60 s)");
      empty(work);
      CassandraNode node = CassandraNode.start("127.0.0.1", List.of(), CassandraNodeOptions.forTests()
          .withWorkDirectory(work)
          .withClassPath(settings.cassandraClassPath())
          .withTuning(CassandraNodeOptions.Tuning.BENCHMARK));
      Log.progress("Cassandra ready on %s (log: %s)", node.contactPoint(), node.logFile());
      return new BenchCassandra(node, "");
    } catch (RuntimeException e) {
      Log.progress("Cassandra did not start: %s", e.getMessage());
      return new BenchCassandra(null, "n/a (Cassandra did not start; see its log in bench/work/cassandra)");
    }
  }

  boolean running() {
    return node != null && node.isRunning();
  }

  int port() {
    return node.contactPoint().getPort();
  }

  /** Stops the node (gracefully, forcibly after 30 s) and deletes its data; idempotent. */
  void stop() {
    if (node != null) {
      node.stop();
    }
  }

  /** Kills the node at once and deletes its data (on failure or Ctrl-C: the data is scratch). */
  void kill() {
    if (node != null) {
      node.kill();
      node.stop();
    }
  }

  private static boolean hasCassandraStore(Path kckJar) {
    try (ZipFile jar = new ZipFile(kckJar.toFile())) {
      return jar.stream().anyMatch(entry -> entry.getName().startsWith("dev/kck/")
          && entry.getName().endsWith(CASSANDRA_STORE_CLASS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What an earlier run left there: a killed run's data, the last run's log. */
  private static void empty(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
