package dev.kck.config;

import dev.kck.yaml.EnvSubstitution;
import dev.kck.yaml.ProblemList;
import dev.kck.yaml.Section;
import dev.kck.yaml.YamlFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Loads {@link KckConfig} from a YAML file. A file sets what it names; everything else keeps the
 * built-in default ({@link #defaults()}, the values of {@code config/reference.yaml}). Relative paths
 * are resolved against a base directory, the working directory unless told otherwise.
 *
 * <p>Every problem (syntax, unknown key, wrong type, unset variable, invalid value) is collected and
 * thrown together in one {@link ConfigException}.
 */
public final class ConfigLoader {
  /** Where {@link #defaults()} would report its problems (the defaults have none). */
  static final Path DEFAULTS = Path.of("(built-in defaults)");

  private final Path baseDir;

  /** Resolves relative paths against the working directory. */
  public ConfigLoader() {
    this(Path.of(""));
  }

  public ConfigLoader(Path baseDir) {
    this.baseDir = baseDir.toAbsolutePath().normalize();
  }

  /**
   * Reads and checks a configuration file.
   *
   * @param env the environment for {@code ${NAME}} references; {@code System.getenv()} in production
   * @throws ConfigException with every problem found
   */
  public KckConfig load(Path file, Map<String, String> env) {
    ProblemList problems = new ProblemList();
    EnvSubstitution substitution = new EnvSubstitution(env);
    Section root = YamlFile.read(file, substitution, problems);
    KckConfig config = root == null ? null : new ConfigBinder(baseDir).bind(root);
    problems.throwIfAny();
    return config;
  }

  /** The built-in defaults. */
  public KckConfig defaults() {
    return defaults(System.getenv());
  }

  /**
   * The built-in defaults, with {@code ${...}} references in them resolved from env.
   *
   * @throws ConfigException when env makes a default invalid
   */
  public KckConfig defaults(Map<String, String> env) {
    ProblemList problems = new ProblemList();
    KckConfig config = bindDefaults(env, problems);
    problems.throwIfAny();
    return config;
  }

  /** Every field path the binder reads (auth.keys items aside: there are none by default). */
  Set<String> knownFields() {
    ProblemList problems = new ProblemList();
    bindDefaults(Map.of(), problems);
    return problems.fieldsRead();
  }

  private KckConfig bindDefaults(Map<String, String> env, ProblemList problems) {
    EnvSubstitution substitution = new EnvSubstitution(env);
    return new ConfigBinder(baseDir).bind(Section.empty(DEFAULTS, substitution, problems));
  }
}
