package dev.kck.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM options for a node: Cassandra 5.0's {@code conf/jvm17-server.options} module flags (without
 * them Cassandra fails at start on Java 17), plus heap and start-up settings for a small CI machine,
 * plus those of the node's {@link CassandraNodeOptions.Tuning}.
 */
final class CassandraJvmOptions {

  private static final List<String> EXPORTS =
      List.of(
          "java.base/jdk.internal.misc",
          "java.base/java.lang.ref",
          "java.management.rmi/com.sun.jmx.remote.internal.rmi",
          "java.rmi/sun.rmi.registry",
          "java.rmi/sun.rmi.server",
          "java.sql/java.sql",
          "jdk.unsupported/sun.misc",
          "jdk.compiler/com.sun.tools.javac.file",
          "jdk.attach/sun.tools.attach");

  private static final List<String> OPENS =
      List.of(
          "java.base/java.lang",
          "java.base/java.lang.module",
          "java.base/java.lang.reflect",
          "java.base/java.io",
          "java.base/java.net",
          "java.base/java.nio",
          "java.base/java.util",
          "java.base/java.util.concurrent",
          "java.base/java.util.concurrent.atomic",
          "java.base/sun.nio.ch",
          "java.base/jdk.internal.loader",
          "java.base/jdk.internal.math",
          "java.base/jdk.internal.module",
          "java.base/jdk.internal.ref",
          "java.base/jdk.internal.reflect",
          "java.base/jdk.internal.util.jar",
          "jdk.compiler/com.sun.tools.javac",
          "jdk.management/com.sun.management.internal");

  private static final List<String> SETTINGS =
      List.of(
          // A small initial heap: Cassandra mlockall()s the committed heap at start, which with
          // -Xms1g costs seconds.
          "-Xms256m",
          "-Xmx1g",
          "-Xss256k",
          "-XX:+UseG1GC",
          "-XX:+ParallelRefProcEnabled",
          "-XX:MaxTenuringThreshold=1",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.net.preferIPv4Stack=true",
          "-Djdk.attach.allowAttachSelf=true",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Dio.netty.allocator.useCacheForAllThreads=true",
          "-Dio.netty.allocator.maxOrder=11",
          // A new single node has nobody to gossip with; do not wait for gossip to settle.
          "-Dcassandra.skip_wait_for_gossip_to_settle=0",
          // Peers on loopback hear the shutdown announcement at once; the default waits 2 s.
          "-Dcassandra.shutdown_announce_in_ms=200",
          // Skips a start-up measurement of memtable row overhead; 180 is what it measures on 5.0.
          "-Dcassandra.memtable.row_overhead_size=180");

  private CassandraJvmOptions() {}

  static List<String> forServer(CassandraNodeOptions.Tuning tuning) {
    List<String> options = new ArrayList<>(SETTINGS);
    options.addAll(tuning.jvmOptions());
    EXPORTS.forEach(module -> options.add("--add-exports=" + module + "=ALL-UNNAMED"));
    OPENS.forEach(module -> options.add("--add-opens=" + module + "=ALL-UNNAMED"));
    return options;
  }
}
