package dev.kck.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where one test node lives and listens, and the files that tell Cassandra so. */
record CassandraNodeConfig(
    String listenAddress,
    List<InetSocketAddress> seeds,
    int storagePort,
    int nativePort,
    int jmxPort,
    Path directory) {

  CassandraNodeConfig {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one seed (itself for the first node)");
    }
    seeds = List.copyOf(seeds);
  }

  /**
   * Picks free ports on {@code listenAddress} (JMX on 127.0.0.1, where Cassandra binds it), creates a
   * fresh directory under {@code target/} and writes the node's files there. With no seeds the node
   * seeds itself.
   */
  static CassandraNodeConfig create(String listenAddress, List<InetSocketAddress> seeds) {
    try {
      InetAddress address = InetAddress.getByName(listenAddress);
      int storagePort = freePort(address);
      Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
      CassandraNodeConfig config =
          new CassandraNodeConfig(
              listenAddress,
              seeds.isEmpty() ? List.of(new InetSocketAddress(listenAddress, storagePort)) : seeds,
              storagePort,
              freePort(address),
              freePort(InetAddress.getLoopbackAddress()),
              Files.createTempDirectory(target, "cassandra-" + listenAddress + "-"));
      config.write();
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Cassandra node " + listenAddress, e);
    }
  }

  Path yamlFile() {
    return directory.resolve("cassandra.yaml");
  }

  Path logbackFile() {
    return directory.resolve("logback.xml");
  }

  void deleteDirectory() {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }

  private void write() throws IOException {
    Files.writeString(yamlFile(), yaml());
    Files.writeString(logbackFile(), LOGBACK);
  }

  private static int freePort(InetAddress address) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, address)) {
      return socket.getLocalPort();
    }
  }

  /**
   * A deliberately small node: one token, no bootstrap streaming (test clusters start empty), no auth,
   * and memory settings sized for a 1 GiB heap on a 2-core machine.
   *
   * <p>The commit log is synced in groups (every 10 ms) before writes are acknowledged, so an
   * acknowledged write survives {@link CassandraNode#kill()}. With Cassandra's default ({@code
   * periodic}, every 10 s) a killed node loses its last seconds of writes, which would make recovery
   * tests depend on timing.
   */
  private String yaml() {
    String seedList =
        seeds.stream()
            .map(seed -> seed.getHostString() + ":" + seed.getPort())
            .collect(Collectors.joining(","));
    return """
        cluster_name: kck-test
        num_tokens: 1
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        auto_bootstrap: false
        endpoint_snitch: SimpleSnitch
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "%s"
        listen_address: %s
        rpc_address: %s
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
        commitlog_sync: group
        commitlog_sync_group_window: 10ms
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
        """
        .formatted(
            seedList,
            listenAddress,
            listenAddress,
            storagePort,
            nativePort,
            directory.resolve("data"),
            directory.resolve("commitlog"),
            directory.resolve("saved_caches"),
            directory.resolve("hints"),
            directory.resolve("cdc_raw"));
  }

  /** The child's own logging setup, so that a logback-test.xml on the classpath does not apply. */
  private static final String LOGBACK =
      """
      <configuration>
        <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder>
            <pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern>
          </encoder>
        </appender>
        <root level="INFO">
          <appender-ref ref="STDOUT"/>
        </root>
      </configuration>
      """;
}
