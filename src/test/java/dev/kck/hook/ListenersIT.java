package dev.kck.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cache listeners from a plugin jar, on a real instance: each event reaches them with its key and
 * the instance's id, and one that throws on every event changes no response.
 */
class ListenersIT {
  private static RunningApp app;
  private static String instance;

  @BeforeAll
  static void start() throws IOException {
    var config = TestConfigs.withProducts(TestConfigs.demo(DemoDatabase.newCopy(), "postgres"),
        TestConfigs.demoPlus("products-hooks"));
    app = RunningApp.start(TestConfigs.withPlugins(config, pluginJar()));
    instance = app.app().instanceId();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A plugins folder with one jar providing both listeners, as a deployment would ship them. */
  private static Path pluginJar() throws IOException {
    Path folder = Files.createTempDirectory(Path.of("target"), "listener-plugins-");
    try (OutputStream file = Files.newOutputStream(folder.resolve("listeners.jar"));
        JarOutputStream jar = new JarOutputStream(file)) {
      jar.putNextEntry(new JarEntry("META-INF/services/" + CacheListener.class.getName()));
      jar.write((RecordingListener.class.getName() + "\n" + ThrowingListener.class.getName() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
      for (Class<?> type : List.of(RecordingListener.class, ThrowingListener.class)) {
        String name = type.getName().replace('.', '/') + ".class";
        jar.putNextEntry(new JarEntry(name));
        jar.write(Files.readAllBytes(Path.of("target/test-classes", name)));
        jar.closeEntry();
      }
    }
    return folder;
  }

  private static void awaitEvent(String event) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RecordingListener.EVENTS).contains(event));
  }

  @Test
  void a_miss_a_refresh_and_an_invalidation_reach_the_listener_with_the_key() {
    String etag = app.request().get("/fetch/store/3").then().statusCode(200).extract().header("ETag");
    long version = Long.parseLong(etag.replace("\"", ""));
    awaitEvent("primed store/3 " + version + " " + instance);

    app.as("ops", "kck:admin").post("/refresh/store/3").then().statusCode(202);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RecordingListener.EVENTS)
        .anyMatch(e -> e.startsWith("refreshed store/3 ") && e.endsWith(" " + instance)));

    app.as("ops", "kck:admin").delete("/cache/store/3").then().statusCode(204);
    awaitEvent("invalidated store/3 " + instance);
  }

  @Test
  void an_update_reaches_the_listener_as_committed_and_augmented() {
    app.as("x", "sales:read").get("/fetch/sales_totals").then().statusCode(200);
    app.as("till", "sales:write").contentType("application/json")
        .body("{\"store_id\": 3, \"product_id\": 7, \"customer\": \"bob\", \"quantity\": 1, \"amount\": 2.50}")
        .post("/update/record_sale").then().statusCode(200);
    awaitEvent("committed record_sale [sales_totals, my_purchases/bob] " + instance);
    String etag = app.as("x", "sales:read").get("/fetch/sales_totals").then().statusCode(200).extract().header("ETag");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RecordingListener.EVENTS)
        .anyMatch(e -> e.startsWith("augmented sales_totals " + etag.replace("\"", "") + " " + instance + " {")));
  }

  @Test
  void a_primer_that_fails_reaches_the_listener_with_the_key() {
    app.request().get("/fetch/broken_ratio").then().statusCode(500);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RecordingListener.EVENTS)
        .anyMatch(e -> e.startsWith("failed broken_ratio " + instance + " ")));
  }

  @Test
  void a_listener_that_throws_changes_no_response_and_is_counted() {
    app.request().get("/fetch/store/4").then().statusCode(200).body("value.id", equalTo(4))
        .header("Cache-Status", matchesPattern("kck; fwd=miss; ttl=\\d+"));
    app.request().get("/fetch/store/4").then().statusCode(200).body("value.id", equalTo(4))
        .header("Cache-Status", matchesPattern("kck; hit; ttl=\\d+"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.request().get("/metrics").asString())
        .contains("kck_listener_failures_total{event=\"primed\",listener=\"" + ThrowingListener.class.getName()));
    app.request().get("/fetch/store/4").then().statusCode(200).body("value.id", equalTo(4));
    app.request().get("/health/ready").then().statusCode(200);
  }
}
