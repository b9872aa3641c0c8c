package dev.kck.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where one node lives and listens, how it runs, and the files that tell Cassandra so. */
record CassandraNodeConfig(
    String listenAddress,
    List<InetSocketAddress> seeds,
    int storagePort,
    int nativePort,
    int jmxPort,
    Path directory,
    CassandraNodeOptions options) {

  CassandraNodeConfig {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one seed (itself for the first node)");
    }
    seeds = List.copyOf(seeds);
  }

  /**
   * Picks free ports on {@code listenAddress} (JMX on 127.0.0.1, where Cassandra binds it), creates a
   * fresh directory in the options' work directory and writes the node's files there. With no seeds
   * the node seeds itself.
   */
  static CassandraNodeConfig create(
      String listenAddress, List<InetSocketAddress> seeds, CassandraNodeOptions options) {
    try {
      InetAddress address = InetAddress.getByName(listenAddress);
      int storagePort = FreePorts.on(address);
      Path work = Files.createDirectories(options.workDirectory().toAbsolutePath());
      CassandraNodeConfig config =
          new CassandraNodeConfig(
              listenAddress,
              seeds.isEmpty() ? List.of(new InetSocketAddress(listenAddress, storagePort)) : seeds,
              storagePort,
              FreePorts.on(address),
              FreePorts.onLoopback(),
              Files.createTempDirectory(work, "cassandra-" + listenAddress + "-"),
              options);
      config.write();
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Cassandra node " + listenAddress, e);
    }
  }

  /** The node's output, beside its data directory (kept when the data is deleted). */
  Path logFile() {
    return options.workDirectory().resolve("cassandra-" + listenAddress + "-" + nativePort + ".log");
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

  /**
   * A deliberately small node: one token, no bootstrap streaming (test clusters start empty), no auth,
   * and memory settings sized for a 1 GiB heap on a 2-core machine. How the commit log is synced
   * depends on the {@link CassandraNodeOptions.Tuning}.
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
        %s
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
            directory.resolve("cdc_raw"),
            options.tuning().commitLogYaml());
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
