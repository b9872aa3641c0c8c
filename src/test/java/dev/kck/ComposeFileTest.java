package dev.kck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kck.config.ConfigLoader;
import dev.kck.config.KckConfig;
import dev.kck.definition.Definitions;
import java.io.IOException;
import java.net.URI;
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
 * Holds docker-compose.yml, the Dockerfile and the config the kck service serves to each other and to
 * the code. There is no Docker engine where the tests run, so the stack is checked by reading it.
 */
class ComposeFileTest {
  private static final Path COMPOSE = Path.of("docker-compose.yml");
  private static final Path DOCKERFILE = Path.of("Dockerfile");
  private static final int CQL_PORT = 9042;
  private static final int POSTGRES_PORT = 5432;
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
  void declares_postgres_cassandra_and_kck_services() {
    assertThat(services.fieldNames()).toIterable().contains("postgres", "cassandra", "kck");
  }

  @Test
  void kck_starts_once_postgres_and_cassandra_are_healthy() {
    JsonNode dependsOn = kck().path("depends_on");

    assertThat(dependsOn.path("postgres").path("condition").asText()).isEqualTo("service_healthy");
    assertThat(dependsOn.path("cassandra").path("condition").asText()).isEqualTo("service_healthy");
  }

  @Test
  void every_service_has_a_healthcheck() {
    services.fields().forEachRemaining(service -> {
      JsonNode healthcheck = service.getValue().path("healthcheck");
      assertThat(healthcheck.path("disable").asBoolean()).as(service.getKey()).isFalse();
      assertThat(strings(healthcheck.path("test"))).as(service.getKey()).isNotEmpty().doesNotContain("NONE");
    });
  }

  @Test
  void kck_publishes_and_the_image_exposes_the_configured_port() {
    int port = config().server().port();

    List<String> containerPorts = strings(kck().path("ports")).stream()
        .map(mapping -> mapping.substring(mapping.lastIndexOf(':') + 1).replace("/tcp", ""))
        .toList();

    assertThat(containerPorts).contains(String.valueOf(port));
    assertThat(arguments("EXPOSE").split("\\s+")).contains(String.valueOf(port));
  }

  @Test
  void kck_serves_a_config_file_the_image_copies_from_the_repository() throws IOException {
    List<String> command = strings(kck().path("command"));

    assertThat(command).containsSubsequence("serve", "--config");
    assertThat(Files.isRegularFile(composeConfig())).as(composeConfig().toString()).isTrue();
    assertThat(new ObjectMapper().readValue(arguments("CMD"), List.class))
        .as("the image's default command is the one compose runs").isEqualTo(command);
  }

  @Test
  void compose_config_loads_and_passes_the_check_with_the_environment_compose_gives_it() {
    KckConfig config = config();

    assertThat(Definitions.load(config.products(), config.updaters(), config.plugins()).products().all()).isNotEmpty();
    assertThat(new ConfigLoader().load(composeConfig(), Map.of()))
        .as("the ${...} defaults in the config are those of docker-compose.yml")
        .isEqualTo(config);
  }

  @Test
  void cache_store_is_the_cassandra_service() {
    KckConfig.Cache cache = config().cache();

    assertThat(cache.backend()).isEqualTo("cassandra");
    assertThat(cache.cassandra().contactPoints()).containsExactly(serviceRunning("cassandra:") + ":" + CQL_PORT);
  }

  @Test
  void source_is_the_postgres_service_its_database_and_its_credentials() {
    KckConfig.Source source = config().source();
    String service = serviceRunning("postgres:");
    Map<String, String> postgres = environment(services.path(service));
    URI url = URI.create(source.url().substring("jdbc:".length()));

    assertThat(url.getHost()).isEqualTo(service);
    assertThat(url.getPort()).isEqualTo(POSTGRES_PORT);
    assertThat(url.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
    assertThat(source.user()).isEqualTo(postgres.get("POSTGRES_USER"));
    assertThat(source.password()).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    assertThat(source.initSql()).as("postgres loads the demo itself").isEmpty();
  }

  @Test
  void postgres_loads_init_sql_files_that_exist_in_the_repository() {
    List<Path> initFiles = strings(services.path("postgres").path("volumes")).stream()
        .map(volume -> volume.split(":"))
        .filter(parts -> parts.length >= 2 && parts[1].startsWith("/docker-entrypoint-initdb.d/"))
        .map(parts -> Path.of(parts[0]).normalize())
        .toList();

    assertThat(initFiles).isNotEmpty().allSatisfy(file -> assertThat(file).isRegularFile());
    assertThat(initFiles).contains(Path.of("config/sql/demo.sql"));
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
  void image_runs_the_jar_as_a_non_root_user_on_a_jre_17() throws IOException {
    String image = arguments("FROM").split("\\s+")[0];
    String user = arguments("USER").split(":")[0];

    assertThat(image).startsWith("eclipse-temurin:17").contains("-jre")
        .as("the healthcheck's curl is missing from Alpine images").doesNotContain("alpine");
    assertThat(user).isNotBlank().isNotIn("root", "0");
    assertThat(new ObjectMapper().readValue(arguments("ENTRYPOINT"), List.class))
        .startsWith("java").endsWith("-jar", "/app/kck.jar");
  }

  private void assertReadinessCheck(String check) {
    Matcher url = LOCAL_URL.matcher(check);

    assertThat(url.find()).as("a local URL in '%s'", check).isTrue();
    assertThat(Integer.parseInt(url.group(1))).isEqualTo(config().server().port());
    assertThat(url.group(2)).isEqualTo("/health/ready");
  }

  /** The name of the one service whose image starts with this prefix (its host name in the stack). */
  private String serviceRunning(String imagePrefix) {
    List<String> names = new ArrayList<>();
    services.fields().forEachRemaining(service -> {
      if (service.getValue().path("image").asText().startsWith(imagePrefix)) {
        names.add(service.getKey());
      }
    });
    assertThat(names).as("services running %s", imagePrefix).hasSize(1);
    return names.get(0);
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
