package dev.kck;

import dev.kck.config.KckConfig;
import dev.kck.yaml.ConfigException;
import dev.kck.yaml.ConfigProblem;
import dev.kck.yaml.ProblemList;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in development secret is public (it is in KCK's repository and in old copies of its
 * configuration): whoever reaches an instance that verifies with it can sign any token, {@code
 * kck:admin} included. {@code serve} and {@code check} refuse a configuration that uses it unless
 * that configuration says so with {@code auth.allow_development_secret: true}. The built-in defaults
 * never use it: they sign with a random secret kept beside the embedded data.
 */
final class DevelopmentSecret {
  private DevelopmentSecret() {}

  /**
   * @param file the configuration file, null for the built-in defaults (for the message)
   * @throws ConfigException (exit 2) when a key uses the development secret and it is not allowed
   */
  static void refuseUnlessAllowed(KckConfig.Auth auth, Path file) {
    if (!auth.usesDevelopmentSecret() || auth.allowDevelopmentSecret()) {
      return;
    }
    String where = file == null ? "(built-in defaults)" : ProblemList.display(file);
    throw new ConfigException(List.of(new ConfigProblem(where, "auth.keys", 0,
        "a key uses the built-in development secret, which is public: anyone could sign tokens for this "
            + "instance, kck:admin included. Give the key a secret of your own (secret: \"${KCK_JWT_SECRET}\", "
            + "32+ bytes, or secret_file: PATH), or, for a test on this machine only, set "
            + "auth.allow_development_secret: true")));
  }
}
