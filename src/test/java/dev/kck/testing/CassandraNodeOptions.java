package dev.kck.testing;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link CassandraNode} is run: where its files go, the class path of its JVM, and what it is
 * tuned for. {@link #forTests()} is what every test uses; the benchmark changes all three.
 *
 * @param workDirectory the node's data lives in a fresh directory created in it (deleted when the node
 *     stops), and its log beside that directory
 * @param classPath the child JVM's class path: {@code cassandra-all} and its dependencies, and this kit
 * @param tuning start-up and durability settings for what the node is used for
 */
public record CassandraNodeOptions(Path workDirectory, String classPath, Tuning tuning) {

  /** Start-up and durability settings, as JVM options and cassandra.yaml lines. */
  public enum Tuning {
    /**
     * Ready soon and safe to kill. C1 only: start-up is mostly class loading, and C2 compiler threads
     * compete for the two cores of a CI machine (about 15 s instead of 20 s to ready on such a
     * machine). The commit log is synced in groups (every 10 ms) before writes are acknowledged, so an
     * acknowledged write survives {@link CassandraNode#kill()}; with Cassandra's default a killed node
     * loses its last seconds of writes, which would make recovery tests depend on timing.
     */
    TESTS(
        List.of("-XX:TieredStopAtLevel=1"),
        """
        commitlog_sync: group
        commitlog_sync_group_window: 10ms"""),

    /**
     * Measured under load, as a node with Cassandra's defaults runs: the JVM's full JIT, and the
     * commit log synced every 10 s in the background (Cassandra's default {@code periodic} mode).
     */
    BENCHMARK(
        List.of(),
        """
        commitlog_sync: periodic
        commitlog_sync_period: 10000ms""");

    private final List<String> jvmOptions;
    private final String commitLogYaml;

    Tuning(List<String> jvmOptions, String commitLogYaml) {
      this.jvmOptions = jvmOptions;
      this.commitLogYaml = commitLogYaml;
    }

    List<String> jvmOptions() {
      return jvmOptions;
    }

    String commitLogYaml() {
      return commitLogYaml;
    }
  }

  public CassandraNodeOptions {
    Objects.requireNonNull(workDirectory, "workDirectory");
    Objects.requireNonNull(classPath, "classPath");
    Objects.requireNonNull(tuning, "tuning");
  }

  /** Files under {@code target/}, the test JVM's own class path, tuned for tests. */
  public static CassandraNodeOptions forTests() {
    return new CassandraNodeOptions(
        Path.of("target"), System.getProperty("java.class.path"), Tuning.TESTS);
  }

  public CassandraNodeOptions withWorkDirectory(Path directory) {
    return new CassandraNodeOptions(directory, classPath, tuning);
  }

  /**
   * The child runs from {@code dependencies} (where {@code cassandra-all} is) plus this kit's own
   * classes, since its entry point is {@link ExitWithParent}.
   */
  public CassandraNodeOptions withClassPath(String dependencies) {
    String kitAndDependencies = kitLocation() + File.pathSeparator + dependencies;
    return new CassandraNodeOptions(workDirectory, kitAndDependencies, tuning);
  }

  public CassandraNodeOptions withTuning(Tuning tuning) {
    return new CassandraNodeOptions(workDirectory, classPath, tuning);
  }

  /** The directory or jar this kit's classes are loaded from. */
  private static String kitLocation() {
    try {
      return Path.of(ExitWithParent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the test kit's classes", e);
    }
  }
}
