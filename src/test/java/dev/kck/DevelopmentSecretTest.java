package dev.kck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.config.ConfigLoader;
import dev.kck.config.KckConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public development secret: refused at serve and check (exit 2) unless the file allows it. */
class DevelopmentSecretTest {

  private static final String KEY = "  keys:\n    - { kid: dev, alg: HS256, secret: \"${KCK_JWT_SECRET:-"
      + KckConfig.Auth.DEVELOPMENT_SECRET + "}\" }\n";

  @TempDir Path dir;

  private Path config(String extraAuth) throws Exception {
    return Files.writeString(dir.resolve("kck.yaml"), """
        source:
          url: jdbc:postgresql://db.example.com:5432/kck
        auth:
        """ + KEY + extraAuth);
  }

  @Test
  void serve_refuses_a_non_embedded_config_with_the_development_secret_with_exit_2_before_starting() throws Exception {
    Result result = run("serve", "--config", config("").toString());

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.err).contains("auth.keys", "built-in development secret, which is public",
        "auth.allow_development_secret: true");
  }

  @Test
  void the_default_command_is_serve_and_refuses_it_the_same_way() throws Exception {
    Result result = run("--config", config("").toString());

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.err).contains("built-in development secret, which is public");
  }

  @Test
  void check_refuses_it_too() throws Exception {
    assertThat(run("check", "--config", config("").toString()).exitCode).isEqualTo(2);
  }

  @Test
  void a_config_that_says_so_explicitly_may_use_it() throws Exception {
    Path file = config("  allow_development_secret: true\n");

    assertThat(run("check", "--config", file.toString()).exitCode).isZero();
  }

  @Test
  void the_shipped_and_the_built_in_configurations_never_use_it_and_listen_on_loopback() {
    ConfigLoader loader = new ConfigLoader();
    for (KckConfig config : new KckConfig[] {loader.defaults(Map.of()), loader.load(Main.DEFAULT_CONFIG, Map.of())}) {
      assertThat(config.auth().usesDevelopmentSecret()).isFalse();
      assertThat(config.auth().keys()).allSatisfy(key -> assertThat(key.secretFile()).isNotNull());
      assertThat(config.server().host()).isEqualTo("127.0.0.1");
    }
  }

  private record Result(int exitCode, String err) {}

  private static Result run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Result(Main.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }
}
