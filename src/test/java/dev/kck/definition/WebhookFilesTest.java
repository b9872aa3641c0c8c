package dev.kck.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kck.product.Webhook;
import dev.kck.yaml.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A product file's webhooks: read when right, refused with a clear message (never the secret) when not. */
class WebhookFilesTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  @TempDir
  Path folder;

  private List<ProductFile> load(String webhooks) throws IOException {
    Files.writeString(folder.resolve("hooked.yaml"), """
        name: hooked
        sql: select 1
        result: value
        access: public
        """ + webhooks);
    return ProductFiles.load(folder);
  }

  private List<String> problems(String webhooks) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(webhooks));
    assertThat(e).as("a ConfigException").isNotNull();
    return e.problems().stream().map(p -> p.path() + ": " + p.message()).toList();
  }

  @Test
  void reads_webhooks_with_the_secret_from_the_environment() throws IOException {
    List<ProductFile> products = load("""
        webhooks:
          - { url: "https://hooks.example.com/kck", secret: "${KCK_UNSET_TEST_SECRET:-%s}", events: [new_version] }
          - { url: "http://127.0.0.1:9999/local", secret: "%s", body: key }
        """.formatted(SECRET, SECRET));

    assertThat(products.get(0).webhooks()).containsExactly(
        new Webhook(URI.create("https://hooks.example.com/kck"), SECRET, List.of("new_version"), Webhook.Body.ENTRY),
        new Webhook(URI.create("http://127.0.0.1:9999/local"), SECRET, List.of("new_version"), Webhook.Body.KEY));
    assertThat(products.get(0).webhooks().get(0).toString()).doesNotContain("MfKQ9r8");
  }

  @Test
  void refuses_plain_http_to_another_host_and_urls_that_are_not_absolute() {
    assertThat(problems("""
        webhooks:
          - { url: "http://hooks.example.com/kck", secret: "%s" }
          - { url: "/relative", secret: "%s" }
          - { url: "https://user:pw@hooks.example.com/", secret: "%s" }
        """.formatted(SECRET, SECRET, SECRET))).containsExactly(
        "webhooks[0].url: must be https (http only to a loopback host such as 127.0.0.1), got 'http://hooks.example.com/kck'",
        "webhooks[1].url: expected an absolute https URL, got '/relative'",
        "webhooks[2].url: must not carry a user name or password; the secret signs each delivery");
  }

  @Test
  void refuses_bad_secrets_without_ever_repeating_them() {
    List<String> problems = problems("""
        webhooks:
          - { url: "https://a.example.com/", secret: "not-a-whsec-secret-value" }
          - { url: "https://b.example.com/", secret: "whsec_***not base64***" }
          - { url: "https://c.example.com/", secret: "whsec_c2hvcnQ=" }
          - { url: "https://d.example.com/", secret: "${KCK_UNSET_TEST_SECRET}" }
          - { url: "https://e.example.com/" }
        """);

    assertThat(problems).containsExactly(
        "webhooks[0].secret: expected whsec_ followed by base64 (a Standard Webhooks secret)",
        "webhooks[1].secret: the part after whsec_ is not base64",
        "webhooks[2].secret: the key after whsec_ must be 24 to 64 bytes, it is 5",
        "webhooks[3].secret: environment variable KCK_UNSET_TEST_SECRET is not set and ${KCK_UNSET_TEST_SECRET} has no default",
        "webhooks[4].secret: missing; it is required");
    assertThat(String.join("\n", problems)).doesNotContain("not-a-whsec").doesNotContain("c2hvcnQ");
  }

  @Test
  void refuses_unknown_events_bodies_and_fields() {
    assertThat(problems("""
        webhooks:
          - { url: "https://a.example.com/", secret: "%s", events: [deleted] }
          - { url: "https://b.example.com/", secret: "%s", body: value }
          - { url: "https://c.example.com/", secret: "%s", retries: 3 }
        """.formatted(SECRET, SECRET, SECRET))).hasSize(3)
        .anyMatch(p -> p.startsWith("webhooks[0].events: unknown event 'deleted'"))
        .contains("webhooks[1].body: expected entry or key, got 'value'")
        .anyMatch(p -> p.startsWith("webhooks[2].retries"));
  }
}
