package dev.kck.testing;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KCK as users run it: the built jar ({@code target/kck.jar}, which {@code mvn verify} packages
 * before the integration tests) in a process of its own, on a config file the test writes, so that
 * a test can send it SIGTERM or SIGKILL. The process exits by itself if the test JVM dies.
 */
public final class KckProcess implements AutoCloseable {
  private static final Path JAR = Path.of("target/kck.jar");
  private static final Pattern INSTANCE = Pattern.compile("instance ([0-9a-f-]{36})");

  private final Process process;
  private final Path log;
  private final int port;

  private KckProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts KCK on a config whose {@code server:} section this fills in (a free port on 127.0.0.1), and
   * waits until it is ready.
   *
   * @param configAfterServer the rest of the YAML config: auth, source, cache, ...
   */
  public static KckProcess start(String name, String configAfterServer) {
    try {
      int port = FreePorts.onLoopback();
      Path config = Files.writeString(Files.createTempFile(Path.of("target"), name + "-", ".yaml"),
          "server: { host: 127.0.0.1, port: " + port + " }\n" + configAfterServer);
      Path log = Path.of("target", name + "-" + port + ".log");
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", JAR + File.pathSeparator + "target/test-classes",
          ExitWithParent.class.getName(), "dev.kck.Main", "serve", "--config", config.toString());
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
      KckProcess kck = new KckProcess(process, log, port);
      kck.awaitReady();
      return kck;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The auth, source and cache sections of a config for a test database and the postgres store. */
  public static String postgresConfig(String jdbcUrl, String extraCache, String extraRefresh) {
    return """
        auth:
          issuer: kck
          audience: kck
          keys: [{ kid: test, alg: HS256, secret: "%s" }]
        source: { url: "%s", user: postgres }
        cache: { backend: postgres%s }
        refresh: { workers: 2%s }
        """.formatted(TestConfigs.SECRET, jdbcUrl, extraCache, extraRefresh);
  }

  private void awaitReady() {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("KCK exited with " + process.exitValue() + ":\n" + output());
      }
      return status("/health/ready") == 200;
    });
  }

  private int status(String path) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + path).toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      return connection.getResponseCode();
    } catch (IOException e) {
      return -1;
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public RequestSpecification request() {
    return RestAssured.given().baseUri("http://127.0.0.1").port(port).urlEncodingEnabled(false);
  }

  public RequestSpecification as(String subject, String scopes) {
    return request().header("Authorization", Tokens.bearer(Tokens.of(subject, scopes)));
  }

  /** The instance id KCK logged when it became ready. */
  public String instanceId() {
    Matcher matcher = INSTANCE.matcher(output());
    if (!matcher.find()) {
      throw new IllegalStateException("no instance id in the log:\n" + output());
    }
    return matcher.group(1);
  }

  /**
   * SIGTERM: asks for a clean stop. Through the process handle: {@code Process.destroy} would also
   * close the child's standard input, which {@link ExitWithParent} takes for the parent's death.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** SIGKILL: the process dies at once, in whatever it was doing. */
  public void kill() {
    process.toHandle().destroyForcibly();
  }

  /** Waits for the process to end and returns its exit status. */
  public int awaitExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("KCK did not exit within " + within + ":\n" + output());
    }
    return process.exitValue();
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
