package dev.kck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check command: 0 on a good configuration, every problem and exit code 2 on a broken one. */
class CheckCommandTest {

  @Test
  void accepts_the_shipped_configuration() {
    assertThat(run("check", "--config", "config/kck.yaml").exitCode).isZero();
  }

  @Test
  void prints_every_problem_and_exits_2(@TempDir Path dir) throws Exception {
    Path products = Files.createDirectories(dir.resolve("products"));
    Files.writeString(products.resolve("broken.yaml"), """
        parameters:
          - { name: id, type: integr }
        sql: select :id, :other
        result: objekt
        """);
    Path config = dir.resolve("kck.yaml");
    Files.writeString(config, """
        server:
          port: eighty
          colour: blue
        auth:
          keys:
            - { kid: a, alg: none, secret: "short" }
        products: %s
        """.formatted(products));

    Result result = run("check", "--config", config.toString());

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.err).contains("server.port", "server.colour", "auth.keys[0].alg");
    assertThat(result.err).contains(config + ":2:", config + ":3:");
  }

  @Test
  void reports_product_problems_with_file_and_field(@TempDir Path dir) throws Exception {
    Path products = Files.createDirectories(dir.resolve("products"));
    Files.writeString(products.resolve("broken.yaml"), """
        parameters:
          - { name: id, type: integr }
        sql: select :id, :other
        result: objekt
        """);
    Path config = dir.resolve("kck.yaml");
    Files.writeString(config, "products: " + products + "\nupdaters: " + dir.resolve("none") + "\n");

    Result result = run("check", "--config", config.toString());

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.err).contains("broken.yaml", "parameters[0].type", "result", ":other");
  }

  @Test
  void refuses_a_webhook_to_plain_http_or_with_a_bad_secret_and_never_prints_the_secret(@TempDir Path dir)
      throws Exception {
    Path products = Files.createDirectories(dir.resolve("products"));
    Files.writeString(products.resolve("hooked.yaml"), """
        sql: select 1
        result: value
        webhooks:
          - { url: "http://hooks.example.com/kck", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }
          - { url: "https://hooks.example.com/kck", secret: "hunter2-is-no-whsec-secret" }
        """);
    Path config = dir.resolve("kck.yaml");
    Files.writeString(config, "products: " + products + "\nupdaters: " + dir.resolve("none") + "\n");

    Result result = run("check", "--config", config.toString());

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.err).contains("hooked.yaml", "webhooks[0].url", "must be https", "webhooks[1].secret",
        "expected whsec_");
    assertThat(result.err).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").doesNotContain("hunter2");
  }

  private record Result(int exitCode, String err) {}

  private static Result run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Result(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }
}
