package dev.kck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code kck dump} and {@code kck load} fail: a clear message on stderr and exit code 1, and
 * nothing loaded from a file with a bad line. (The moves themselves are in DumpLoadIT.)
 */
class CacheCommandsTest {
  private static final String GOOD = "{\"key\":\"store/1\",\"version\":3,\"modified\":\"2026-11-21T10:00:00Z\","
      + "\"expires_at\":null,\"dependents\":[],\"value\":{\"id\":1}}";

  @TempDir
  Path dir;

  @Test
  void load_lists_every_bad_line_with_its_number_and_loads_nothing() throws Exception {
    Path dump = Files.writeString(dir.resolve("cache.jsonl"), String.join("\n", GOOD, "{\"key\": ", "",
        GOOD.replace("store/1", "no_such_product/1"), GOOD.replace("store/1", "store/seven"), GOOD) + "\n");

    Result result = run("load", dump.toString(), "--config", storeDownConfig().toString());

    assertThat(result.exitCode).isEqualTo(1);
    assertThat(result.err).contains("3 bad line(s); nothing was loaded", dump + ":2: not valid JSON",
        dump + ":4: unknown product 'no_such_product'", dump + ":5: ", "store_id");
    assertThat(result.err).doesNotContain(dump + ":1:", dump + ":3:", dump + ":6:", "cache store (postgres)");
  }

  @Test
  void load_of_a_missing_file_says_so() throws Exception {
    Result result = run("load", dir.resolve("absent.jsonl").toString(), "--config", storeDownConfig().toString());

    assertThat(result.exitCode).isEqualTo(1);
    assertThat(result.err).contains("cannot read " + dir.resolve("absent.jsonl") + ": no such file");
  }

  @Test
  void dump_from_a_store_that_is_down_fails_and_leaves_no_file() throws Exception {
    Path out = dir.resolve("cache.jsonl");

    Result result = run("dump", "--config", storeDownConfig().toString(), "--out", out.toString());

    assertThat(result.exitCode).isEqualTo(1);
    assertThat(result.err).contains("kck: cache store (postgres) failed");
    assertThat(out).doesNotExist();
    assertThat(dir.resolve("cache.jsonl.partial")).doesNotExist();
  }

  @Test
  void load_of_a_good_file_into_a_store_that_is_down_fails() throws Exception {
    Path dump = Files.writeString(dir.resolve("cache.jsonl"), GOOD + "\n");

    Result result = run("load", dump.toString(), "--config", storeDownConfig().toString());

    assertThat(result.exitCode).isEqualTo(1);
    assertThat(result.err).contains("kck: cache store (postgres) failed");
  }

  @Test
  void a_memory_store_cannot_be_dumped_from_outside() throws Exception {
    Path config = Files.writeString(dir.resolve("memory.yaml"),
        storeDownYaml().replace("backend: postgres", "backend: memory"));

    Result result = run("dump", "--config", config.toString());

    assertThat(result.exitCode).isEqualTo(1);
    assertThat(result.err).contains("cache.backend is memory");
  }

  /** A cluster whose database (and so its postgres cache store) does not answer: nothing listens on port 1. */
  private Path storeDownConfig() throws Exception {
    return Files.writeString(dir.resolve("down.yaml"), storeDownYaml());
  }

  private static String storeDownYaml() {
    return """
        auth:
          keys:
            - { kid: test, alg: HS256, secret: "a-test-secret-of-at-least-32-bytes-long" }
        source: { url: "jdbc:postgresql://127.0.0.1:1/kck", user: kck, connect_timeout: 1s }
        cache: { backend: postgres }
        products: config/products
        updaters: config/updaters
        plugins: target/no-plugins
        """;
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
