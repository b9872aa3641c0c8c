package dev.kck.testing;

import dev.kck.config.KckConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Configurations for integration tests, built as records (the YAML loader has its own tests). */
public final class TestConfigs {
  /** The HS256 secret tests sign with (at least 32 bytes). */
  public static final String SECRET = "integration-test-secret-of-at-least-32-bytes";

  private TestConfigs() {}

  public static KckConfig.Auth auth() {
    return new KckConfig.Auth(true, "kck", "kck", Duration.ofSeconds(30), "scope",
        List.of(new KckConfig.JwtKey("test", "HS256", SECRET, null, null)), "");
  }

  /** The demo products over a source database, with the given cache backend. */
  public static KckConfig demo(String jdbcUrl, String backend) {
    return new KckConfig(
        new KckConfig.Server("127.0.0.1", 0, 64 * 1024, List.of("http://localhost:5173"), ""),
        auth(),
        new KckConfig.Source(jdbcUrl, "postgres", "", 10, Duration.ofSeconds(30), List.of(), Path.of("target/unused")),
        new KckConfig.Cache(backend, 64L * 1024 * 1024, cassandra()),
        Path.of("config/products"),
        Path.of("config/updaters"),
        Path.of("target/no-plugins"),
        new KckConfig.Refresh(2, Duration.ofSeconds(5)));
  }

  public static KckConfig.Cassandra cassandra() {
    return new KckConfig.Cassandra(List.of("127.0.0.1:9042"), "datacenter1", "kck",
        "{'class': 'SimpleStrategy', 'replication_factor': 1}", "LOCAL_ONE", "LOCAL_QUORUM");
  }

  /** A products folder holding the demo products plus the test-only ones in src/test/resources/products-freshness. */
  public static Path demoPlusTestProducts() {
    return demoPlus("products-freshness");
  }

  /** A products folder holding the demo products plus those of the given folders of src/test/resources. */
  public static Path demoPlus(String... testFolders) {
    return combined(Path.of("config/products"), testFolders);
  }

  /** An updaters folder holding the demo updaters plus those of the given folders of src/test/resources. */
  public static Path demoUpdatersPlus(String... testFolders) {
    return combined(Path.of("config/updaters"), testFolders);
  }

  public static KckConfig withUpdaters(KckConfig config, Path updaters) {
    return new KckConfig(config.server(), config.auth(), config.source(), config.cache(), config.products(),
        updaters, config.plugins(), config.refresh());
  }

  private static Path combined(Path demo, String... testFolders) {
    try {
      Path folder = Files.createTempDirectory(Path.of("target"), demo.getFileName() + "-");
      List<Path> sources = new ArrayList<>(List.of(demo));
      for (String test : testFolders) {
        sources.add(Path.of("src/test/resources", test));
      }
      for (Path source : sources) {
        try (var files = Files.list(source)) {
          for (Path file : files.toList()) {
            Files.copy(file, folder.resolve(file.getFileName()));
          }
        }
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The config with the cassandra store on one node, in the given keyspace. */
  public static KckConfig withCassandra(KckConfig config, java.net.InetSocketAddress node, String keyspace) {
    return withCassandra(config, new KckConfig.Cassandra(
        List.of(node.getHostString() + ":" + node.getPort()), "datacenter1", keyspace,
        "{'class': 'SimpleStrategy', 'replication_factor': 1}", "LOCAL_ONE", "LOCAL_QUORUM"));
  }

  public static KckConfig withCassandra(KckConfig config, KckConfig.Cassandra cassandra) {
    return new KckConfig(config.server(), config.auth(), config.source(),
        new KckConfig.Cache("cassandra", config.cache().l1MaxBytes(), cassandra), config.products(),
        config.updaters(), config.plugins(), config.refresh());
  }

  /** The config with the L1 off: every fetch reads the cache store. */
  public static KckConfig withoutL1(KckConfig config) {
    return new KckConfig(config.server(), config.auth(), config.source(),
        new KckConfig.Cache(config.cache().backend(), 0, config.cache().cassandra()), config.products(),
        config.updaters(), config.plugins(), config.refresh());
  }

  public static KckConfig withProducts(KckConfig config, Path products) {
    return new KckConfig(config.server(), config.auth(), config.source(), config.cache(), products,
        config.updaters(), config.plugins(), config.refresh());
  }

  /** The config with the given {@code live:} limits (apply it last: the other withs keep the defaults). */
  public static KckConfig withLive(KckConfig config, KckConfig.Live live) {
    return new KckConfig(config.server(), config.auth(), config.source(), config.cache(), config.products(),
        config.updaters(), config.plugins(), config.refresh(), live);
  }

  /** The config with the given plugins folder (jars of Java primers, updaters and cache listeners). */
  public static KckConfig withPlugins(KckConfig config, Path plugins) {
    return new KckConfig(config.server(), config.auth(), config.source(), config.cache(), config.products(),
        config.updaters(), plugins, config.refresh(), config.live());
  }
}
