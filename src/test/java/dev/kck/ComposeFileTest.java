package dev.kck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kck.config.ConfigLoader;
import dev.kck.config.KckConfig;
import dev.kck.yaml.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the real run of docker-compose.yml ({@code scripts/compose-test.sh}, in CI after {@code mvn
 * verify}) cannot see. That run builds the image, brings the stack up and uses it: services, health,
 * published ports, the init SQL, the service names in the config, the non-root user and restarts are
 * checked there. Left here: start-up order (KCK also starts, and recovers, with its dependencies
 * down, so a missing health condition would pass the run), the image's own HEALTHCHECK, EXPOSE and
 * default command (compose replaces or ignores them), readiness rather than liveness in the
 * healthchecks (both pass on a healthy stack), and the JWT secret's defaults.
 */
class ComposeFileTest {
  private static final Path COMPOSE = Path.of("docker-compose.yml");
  private static final Path DOCKERFILE = Path.of("Dockerfile");
  /** The built-in development secret (API.md): a non-embedded configuration must not use it. */
  private static final String BUILT_IN_SECRET = "change-me-this-is-a-development-secret!";
  /** Compose interpolation: ${NAME}, ${NAME:-default}, ${NAME-default}; the tests run with NAME unset. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::?-([^}]*))?}");
  private static final Pattern LOCAL_URL = Pattern.compile("http://(?:localhost|127\\.0\\.0\\.1):(\\d+)(/[^\\s\"]*)");

  private JsonNode services;
  private List<Instruction> runtimeStage;

  @BeforeEach
  void read() throws IOException {
    services = new YAMLMapper().readTree(COMPOSE.toFile()).path("services");
    runtimeStage = lastStage(Files.readAllLines(DOCKERFILE));
  }

  @Test
  void kck_starts_once_postgres_and_cassandra_are_healthy() {
    JsonNode dependsOn = kck().path("depends_on");

    assertThat(dependsOn.path("postgres").path("condition").asText()).isEqualTo("service_healthy");
    assertThat(dependsOn.path("cassandra").path("condition").asText()).isEqualTo("service_healthy");
  }

  @Test
  void kck_healthcheck_asks_for_readiness_on_the_configured_port() {
    assertReadinessCheck(String.join(" ", strings(kck().path("healthcheck").path("test"))));
  }

  @Test
  void image_healthcheck_asks_for_readiness_on_the_configured_port() {
    assertReadinessCheck(arguments("HEALTHCHECK"));
  }

  @Test
  void image_exposes_the_configured_port() {
    assertThat(arguments("EXPOSE").split("\\s+")).contains(String.valueOf(config().server().port()));
  }

  @Test
  void image_runs_by_default_what_compose_runs() throws IOException {
    assertThat(new ObjectMapper().readValue(arguments("CMD"), List.class))
        .as("the image's default command is the one compose runs")
        .isEqualTo(strings(kck().path("command")));
  }

  @Test
  void compose_gives_kck_its_own_jwt_secret_and_the_config_has_none_of_its_own() {
    String secret = environment(kck()).get("KCK_JWT_SECRET");

    assertThat(secret).as("compose's default KCK_JWT_SECRET").isNotEqualTo(BUILT_IN_SECRET);
    assertThat(secret.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(32);
    assertThat(config().auth().keys()).first().extracting(KckConfig.JwtKey::secret).isEqualTo(secret);
    assertThatThrownBy(() -> new ConfigLoader().load(composeConfig(), Map.of()))
        .as("the image run without KCK_JWT_SECRET stops instead of signing with a known secret")
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KCK_JWT_SECRET");
  }

  private void assertReadinessCheck(String check) {
    Matcher url = LOCAL_URL.matcher(check);

    assertThat(url.find()).as("a local URL in '%s'", check).isTrue();
    assertThat(Integer.parseInt(url.group(1))).isEqualTo(config().server().port());
    assertThat(url.group(2)).isEqualTo("/health/ready");
  }

  private JsonNode kck() {
    return services.path("kck");
  }

  /** The config file compose serves, as loaded with the environment compose gives the kck service. */
  private KckConfig config() {
    return new ConfigLoader().load(composeConfig(), environment(kck()));
  }

  /** The repository file behind the kck command's --config, through the image's COPY instructions. */
  private Path composeConfig() {
    List<String> command = strings(kck().path("command"));
    String inImage = command.get(command.indexOf("--config") + 1);
    for (Instruction copy : runtimeStage) {
      String[] parts = copy.arguments().split("\\s+");
      if (copy.keyword().equals("COPY") && !parts[0].startsWith("--") && parts.length == 2
          && inImage.startsWith(parts[1])) {
        return Path.of(parts[0]).resolve(inImage.substring(parts[1].length()));
      }
    }
    throw new AssertionError("no COPY in the Dockerfile's runtime stage puts " + inImage + " in the image");
  }

  /** A service's environment as compose passes it when none of the variables it names is set. */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> environment = new LinkedHashMap<>();
    service.path("environment").fields().forEachRemaining(variable ->
        environment.put(variable.getKey(), interpolate(variable.getValue().asText())));
    return environment;
  }

  private static String interpolate(String value) {
    Matcher variable = VARIABLE.matcher(value);
    StringBuilder result = new StringBuilder();
    while (variable.find()) {
      String fallback = variable.group(2) == null ? "" : variable.group(2);
      variable.appendReplacement(result, Matcher.quoteReplacement(fallback));
    }
    return variable.appendTail(result).toString().replace("$$", "$");
  }

  private static List<String> strings(JsonNode node) {
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
  }

  /** The arguments of the runtime stage's last instruction of this kind ("" when there is none). */
  private String arguments(String keyword) {
    return runtimeStage.stream().filter(i -> i.keyword().equals(keyword)).reduce((a, b) -> b)
        .map(Instruction::arguments).orElse("");
  }

  /** The instructions of the Dockerfile's last stage, continuation lines joined, comments dropped. */
  private static List<Instruction> lastStage(List<String> lines) {
    List<Instruction> stage = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : lines) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      boolean continues = text.endsWith("\\");
      pending.append(continues ? text.substring(0, text.length() - 1) : text).append(' ');
      if (!continues) {
        String[] parts = pending.toString().strip().split("\\s+", 2);
        String keyword = parts[0].toUpperCase();
        if (keyword.equals("FROM")) {
          stage.clear();
        }
        stage.add(new Instruction(keyword, parts.length > 1 ? parts[1] : ""));
        pending.setLength(0);
      }
    }
    return stage;
  }

  private record Instruction(String keyword, String arguments) {}
}
