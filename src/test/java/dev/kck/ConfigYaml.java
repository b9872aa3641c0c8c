package dev.kck;

import dev.kck.config.KckConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A test configuration written out as the YAML file an operator passes to {@code --config}. */
final class ConfigYaml {
  private ConfigYaml() {}

  /** The parts the operator commands read: auth, source, cache store, products, updaters, plugins. */
  static Path write(KckConfig config, Path dir) throws IOException {
    KckConfig.Cassandra cassandra = config.cache().cassandra();
    String text = """
        auth:
          keys:
            - { kid: test, alg: HS256, secret: "%s" }
        source: { url: "%s", user: "%s" }
        cache:
          backend: %s
          cassandra:
            contact_points: [%s]
            keyspace: %s
        products: %s
        updaters: %s
        plugins: %s
        """.formatted(config.auth().keys().get(0).secret(), config.source().url(), config.source().user(),
        config.cache().backend(), String.join(", ", cassandra.contactPoints().stream().map(p -> '"' + p + '"').toList()),
        cassandra.keyspace(), config.products(), config.updaters(), config.plugins());
    return Files.writeString(Files.createTempFile(dir, config.cache().backend() + "-", ".yaml"), text);
  }
}
