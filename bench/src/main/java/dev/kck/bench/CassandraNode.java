package dev.kck.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real single-node Cassandra 5.0 in a child JVM, the way the project's tests start one
 * ({@code src/test/java/dev/kck/testing/CassandraNode.java}): {@code cassandra-all} from the root
 * project's test class path, the module flags of Cassandra's {@code jvm17-server.options}, a minimal
 * yaml on free loopback ports, data in {@code bench/work/cassandra} (deleted first).
 */
final class CassandraNode {
  private static final String READY_LINE = "Starting listening for CQL clients";

  private static final List<String> EXPORTS = List.of("java.base/jdk.internal.misc", "java.base/java.lang.ref",
      "java.management.rmi/com.sun.jmx.remote.internal.rmi", "java.rmi/sun.rmi.registry", "java.rmi/sun.rmi.server",
      "java.sql/java.sql", "jdk.unsupported/sun.misc", "jdk.compiler/com.sun.tools.javac.file",
      "jdk.attach/sun.tools.attach");
  private static final List<String> OPENS = List.of("java.base/java.lang", "java.base/java.lang.module",
      "java.base/java.lang.reflect", "java.base/java.io", "java.base/java.net", "java.base/java.nio",
      "java.base/java.util", "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic",
      "java.base/sun.nio.ch", "java.base/jdk.internal.loader", "java.base/jdk.internal.math",
      "java.base/jdk.internal.module", "java.base/jdk.internal.ref", "java.base/jdk.internal.reflect",
      "java.base/jdk.internal.util.jar", "jdk.compiler/com.sun.tools.javac",
      "jdk.management/com.sun.management.internal");
  private static final List<String> SETTINGS = List.of("-Xms256m", "-Xmx1g", "-Xss256k", "-XX:+UseG1GC",
      "-XX:+ParallelRefProcEnabled", "-XX:MaxTenuringThreshold=1", "-XX:+ExitOnOutOfMemoryError",
      "-Djava.net.preferIPv4Stack=true", "-Djdk.attach.allowAttachSelf=true",
      "-Dio.netty.tryReflectionSetAccessible=true", "-Dio.netty.allocator.useCacheForAllThreads=true",
      "-Dio.netty.allocator.maxOrder=11", "-Dcassandra.skip_wait_for_gossip_to_settle=0",
      "-Dcassandra.memtable.row_overhead_size=180");

  final Child child;
  final int nativePort;

  private CassandraNode(Child child, int nativePort) {
    this.child = child;
    this.nativePort = nativePort;
  }

  static CassandraNode start(Path dir, String classPath) throws IOException, InterruptedException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    int storagePort = freePort();
    int nativePort = freePort();
    int jmxPort = freePort();
    Files.writeString(dir.resolve("cassandra.yaml"), yaml(dir, storagePort, nativePort));
    Files.writeString(dir.resolve("logback.xml"), LOGBACK);
    List<String> command = new ArrayList<>(List.of(Bench.java()));
    command.addAll(SETTINGS);
    EXPORTS.forEach(module -> command.add("--add-exports=" + module + "=ALL-UNNAMED"));
    OPENS.forEach(module -> command.add("--add-opens=" + module + "=ALL-UNNAMED"));
    command.addAll(List.of("-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
        "-Dcassandra-foreground=yes", "-Dcassandra.storagedir=" + dir, "-Dcassandra.logdir=" + dir.resolve("logs"),
        "-Dcassandra.jmx.local.port=" + jmxPort, "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
        "-cp", classPath, ExitWithParent.class.getName(), "org.apache.cassandra.service.CassandraDaemon"));
    Child child = Child.start("cassandra", dir.getParent().resolve("logs/cassandra.log"), command, Map.of());
    CassandraNode node = new CassandraNode(child, nativePort);
    node.awaitReady(Duration.ofMinutes(3));
    return node;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new IllegalStateException("Cassandra exited:\n" + child.logTail(40));
      }
      if (Files.readString(child.log).contains(READY_LINE) && canConnect()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Cassandra not ready after " + timeout.toSeconds() + " s:\n" + child.logTail(40));
  }

  private boolean canConnect() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", nativePort), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String yaml(Path dir, int storagePort, int nativePort) {
    return """
        cluster_name: kck-bench
        num_tokens: 1
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        auto_bootstrap: false
        endpoint_snitch: SimpleSnitch
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "127.0.0.1:%d"
        listen_address: 127.0.0.1
        rpc_address: 127.0.0.1
        storage_port: %d
        native_transport_port: %d
        start_native_transport: true
        authenticator: AllowAllAuthenticator
        authorizer: AllowAllAuthorizer
        network_authorizer: AllowAllNetworkAuthorizer
        data_file_directories:
          - %s
        commitlog_directory: %s
        saved_caches_directory: %s
        hints_directory: %s
        cdc_raw_directory: %s
        commitlog_sync: periodic
        commitlog_sync_period: 10000ms
        commitlog_segment_size: 8MiB
        memtable_heap_space: 128MiB
        memtable_offheap_space: 128MiB
        key_cache_size: 16MiB
        counter_cache_size: 0MiB
        file_cache_size: 64MiB
        concurrent_reads: 8
        concurrent_writes: 8
        concurrent_counter_writes: 4
        concurrent_materialized_view_writes: 4
        concurrent_compactors: 1
        native_transport_max_threads: 32
        """.formatted(storagePort, storagePort, nativePort, dir.resolve("data"), dir.resolve("commitlog"),
        dir.resolve("saved_caches"), dir.resolve("hints"), dir.resolve("cdc_raw"));
  }

  private static final String LOGBACK = """
      <configuration>
        <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
        </appender>
        <root level="INFO"><appender-ref ref="STDOUT"/></root>
      </configuration>
      """;
}
