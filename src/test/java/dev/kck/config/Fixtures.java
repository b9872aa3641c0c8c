package dev.kck.config;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test files under src/test/resources/config, found through the class path so that any working directory works. */
final class Fixtures {
  private Fixtures() {}

  static Path dir() {
    try {
      return Path.of(Fixtures.class.getResource("/config").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path file(String name) {
    return dir().resolve(name);
  }
}
