package dev.kck;

import dev.kck.config.KckConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option every command takes (a picocli mixin), and the configuration it names. */
final class ConfigOption {
  @Option(names = "--config", description = "Config file (default: $KCK_CONFIG, else config/kck.yaml)")
  Path file;

  /** The configuration: {@code --config}, else {@code KCK_CONFIG}, else config/kck.yaml, else the built-in defaults. */
  KckConfig load() {
    return Main.loadConfig(file);
  }

  /** As {@link #load}, and refused when it uses the public development secret without saying so. */
  KckConfig loadServable() {
    return Main.loadServable(file);
  }
}
