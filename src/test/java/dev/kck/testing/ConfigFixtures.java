package dev.kck.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test files under src/test/resources/config, found through the class path so that any working directory works. */
public final class ConfigFixtures {
  private ConfigFixtures() {}

  public static Path dir() {
    try {
      return Path.of(ConfigFixtures.class.getResource("/config").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path file(String name) {
    return dir().resolve(name);
  }
}
