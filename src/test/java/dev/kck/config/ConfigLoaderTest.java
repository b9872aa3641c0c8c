package dev.kck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.kck.config.KckConfig.JwtKey;
import dev.kck.testing.ConfigFixtures;
import dev.kck.yaml.ConfigException;
import dev.kck.yaml.ConfigProblem;
import dev.kck.yaml.ProblemList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final Path base = ConfigFixtures.dir();
  private final ConfigLoader loader = new ConfigLoader(base);

  @Test
  void loads_every_key_of_a_full_file() {
    KckConfig config = loader.load(ConfigFixtures.file("kck-full.yaml"), Map.of());

    assertThat(config.server()).isEqualTo(new KckConfig.Server("127.0.0.1", 9090, 512 * 1024,
        List.of("http://localhost:5173", "https://app.example.com"), "kck:metrics", KckConfig.Limits.DEFAULTS,
        Duration.ofSeconds(45)));
    assertThat(config.auth()).isEqualTo(new KckConfig.Auth(true, "https://issuer.example.com", "kck-api",
        Duration.ofMillis(500), "scp", List.of(
            new JwtKey("one", "HS512", "0123456789abcdef0123456789abcdef", null, null),
            new JwtKey("two", "RS256", null, base.resolve("keys/rs256-test.pub.pem"),
                base.resolve("keys/rs256-test.key.pem"))),
        "https://issuer.example.com/.well-known/jwks.json"));
    assertThat(config.source()).isEqualTo(new KckConfig.Source("jdbc:postgresql://db.example.com:5432/library",
        "kck", "s3cret", 20, Duration.ofMinutes(2), List.of(base.resolve("sql/a.sql"), base.resolve("sql/b.sql")),
        Path.of("/var/lib/kck/pg"), Duration.ofSeconds(3), Duration.ofMinutes(3)));
    assertThat(config.cache()).isEqualTo(new KckConfig.Cache("cassandra", 1L << 30, new KckConfig.Cassandra(
        List.of("10.0.0.1:9042", "10.0.0.2:9142"), "dc1", "kck_prod",
        "{'class': 'NetworkTopologyStrategy', 'dc1': 3}", "QUORUM", "EACH_QUORUM"), Duration.ofSeconds(2), 4,
        2L << 20, new KckConfig.KeyBounds(5000, Duration.ofMinutes(5), Duration.ofSeconds(30))));
    assertThat(config.products()).isEqualTo(base.resolve("products-valid"));
    assertThat(config.updaters()).isEqualTo(base.resolve("updaters-valid"));
    assertThat(config.plugins()).isEqualTo(Path.of("/opt/kck/plugins"));
    assertThat(config.refresh()).isEqualTo(new KckConfig.Refresh(16, Duration.ofDays(1)));
  }

  @Test
  void defaults_are_the_documented_example_values() {
    KckConfig config = loader.defaults(Map.of());

    assertThat(config.server()).isEqualTo(new KckConfig.Server("127.0.0.1", 8080, 1 << 20, List.of(), ""));
    assertThat(config.auth()).isEqualTo(new KckConfig.Auth(true, "kck", "kck", Duration.ofSeconds(30), "scope",
        List.of(new JwtKey("local", "HS256", null, null, null, base.resolve("data/jwt-secret"))), ""));
    assertThat(config.source()).isEqualTo(new KckConfig.Source("embedded", "", "", 10, Duration.ofSeconds(30),
        List.of(base.resolve("config/sql/demo.sql")), base.resolve("data/postgres")));
    assertThat(config.cache()).isEqualTo(new KckConfig.Cache("postgres", 256L << 20, new KckConfig.Cassandra(
        List.of("127.0.0.1:9042"), "datacenter1", "kck", "{'class': 'SimpleStrategy', 'replication_factor': 1}",
        "LOCAL_ONE", "LOCAL_QUORUM")));
    assertThat(config.products()).isEqualTo(base.resolve("config/products"));
    assertThat(config.updaters()).isEqualTo(base.resolve("config/updaters"));
    assertThat(config.plugins()).isEqualTo(base.resolve("plugins"));
    assertThat(config.refresh()).isEqualTo(new KckConfig.Refresh(4, Duration.ofSeconds(30)));
  }

  @Test
  void the_built_in_key_keeps_its_secret_beside_the_data_directory_and_never_uses_the_development_secret() {
    KckConfig config = new ConfigLoader(base).load(ConfigFixtures.file("kck-full.yaml"), Map.of());
    KckConfig defaults = loader.defaults(Map.of("KCK_JWT_SECRET", KckConfig.Auth.DEVELOPMENT_SECRET));

    assertThat(defaults.auth().usesDevelopmentSecret()).isFalse();
    assertThat(defaults.auth().keys()).extracting(JwtKey::secretFile).containsExactly(base.resolve("data/jwt-secret"));
    assertThat(config.source().dataDir()).isEqualTo(Path.of("/var/lib/kck/pg"));
  }

  @Test
  void a_data_directory_elsewhere_takes_the_built_in_secret_with_it() {
    KckConfig config = loader.load(ConfigFixtures.file("kck-data-elsewhere.yaml"), Map.of());

    assertThat(config.auth().keys()).extracting(JwtKey::secretFile).containsExactly(Path.of("/srv/kck/jwt-secret"));
  }

  @Test
  void reads_the_token_rules_the_limits_and_a_secret_file() {
    KckConfig config = loader.load(ConfigFixtures.file("kck-hardened.yaml"), Map.of());

    assertThat(config.auth().requireExp()).isFalse();
    assertThat(config.auth().maxTokenLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(config.auth().allowDevelopmentSecret()).isTrue();
    assertThat(config.auth().openAdmin()).isTrue();
    assertThat(config.auth().keys()).containsExactly(
        new JwtKey("file", "HS256", null, null, null, base.resolve("secrets/kck-jwt")));
    assertThat(config.server().limits()).isEqualTo(new KckConfig.Limits(Duration.ofSeconds(5), 4096, 16 * 1024, 10,
        new KckConfig.RateLimit(20, 40)));
  }

  @Test
  void refuses_an_http_jwks_url_to_another_host_and_bad_limits() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-unsafe.yaml"), Map.of()));

    assertThat(e.problems()).extracting(p -> p.path() + ": " + p.message().split(":")[0]).containsExactly(
        "server.idle_timeout: must be at least 1ms",
        "server.max_header_size: must be between 1KB and 2GB, got 10 bytes",
        "server.max_update_calls: must be at least 1, got 0",
        "server.rate_limit.requests_per_second: must be 0 (no rate limit) or more, got -1",
        "server.rate_limit.burst: must be at least 1, got 0",
        "auth.keys[0].secret_file: a key takes a secret or a secret_file, not both",
        "auth.jwks_url: must be https");
  }

  @Test
  void accepts_plain_http_jwks_on_this_machine_only() {
    for (String host : List.of("localhost", "127.0.0.1", "127.1.2.3", "[::1]")) {
      assertThat(LoopbackHosts.isLoopback(java.net.URI.create("http://" + host + ":8080/jwks").getHost())).as(host).isTrue();
    }
    for (String host : List.of("example.com", "10.0.0.1", "localhost.example.com", "128.0.0.1", "[::2]")) {
      assertThat(LoopbackHosts.isLoopback(java.net.URI.create("http://" + host + "/jwks").getHost())).as(host).isFalse();
    }
  }

  @Test
  void an_empty_file_gives_the_defaults() {
    assertThat(loader.load(ConfigFixtures.file("kck-empty.yaml"), Map.of())).isEqualTo(loader.defaults(Map.of()));
  }

  @Test
  void a_file_sets_only_what_it_names() {
    KckConfig defaults = loader.defaults(Map.of());

    KckConfig config = loader.load(ConfigFixtures.file("kck-partial.yaml"), Map.of());

    assertThat(config.server().port()).isEqualTo(9000);
    assertThat(config.server().host()).isEqualTo(defaults.server().host());
    assertThat(config.cache().cassandra().keyspace()).isEqualTo("other");
    assertThat(config.cache().cassandra().contactPoints()).isEqualTo(defaults.cache().cassandra().contactPoints());
    assertThat(config.auth()).isEqualTo(defaults.auth());
    assertThat(config.refresh()).isEqualTo(defaults.refresh());
  }

  @Test
  void relative_paths_resolve_against_the_base_directory() {
    Path elsewhere = Path.of("/srv/kck");

    KckConfig config = new ConfigLoader(elsewhere).load(ConfigFixtures.file("kck-empty.yaml"), Map.of());

    assertThat(config.products()).isEqualTo(Path.of("/srv/kck/config/products"));
    assertThat(config.source().dataDir()).isEqualTo(Path.of("/srv/kck/data/postgres"));
  }

  @Test
  void setting_only_a_jwks_url_drops_the_development_key() {
    KckConfig config = loader.load(ConfigFixtures.file("kck-jwks-only.yaml"), Map.of());

    assertThat(config.auth().keys()).isEmpty();
    assertThat(config.auth().jwksUrl()).isEqualTo("https://issuer.example.com/jwks.json");
  }

  @Test
  void substitutes_environment_variables_with_and_without_defaults() {
    Map<String, String> env = Map.of("KCK_HOST", "10.1.2.3", "DB_HOST", "db", "DB_PASSWORD", "pw");

    KckConfig config = loader.load(ConfigFixtures.file("kck-env.yaml"), env);

    assertThat(config.server().host()).isEqualTo("10.1.2.3");
    assertThat(config.server().port()).isEqualTo(8181);
    assertThat(config.source().url()).isEqualTo("jdbc:postgresql://db:5432/kck");
    assertThat(config.source().password()).isEqualTo("pw");
  }

  @Test
  void an_unset_variable_without_default_is_a_problem_naming_it_and_its_line() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-unset-variable.yaml"), Map.of()));

    assertThat(e.problems()).containsExactly(problem("kck-unset-variable.yaml", "source.password", 5,
        "environment variable DB_PASSWORD is not set and ${DB_PASSWORD} has no default"));
  }

  @Test
  void an_unknown_key_is_reported_with_its_line_and_the_known_keys() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-unknown-key.yaml"), Map.of()));

    assertThat(e.problems()).containsExactly(problem("kck-unknown-key.yaml", "server.portt", 3,
        "unknown key 'portt' (known: host, port, max_body, cors_origins, metrics_scope, idle_timeout, "
            + "min_request_rate, max_header_size, max_update_calls, rate_limit, shutdown_grace)"));
  }

  @Test
  void reports_every_problem_at_once() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-many-problems.yaml"), Map.of()));

    assertThat(e.problems()).extracting(p -> p.line() + " " + p.path() + ": " + p.message()).containsExactly(
        "2 server.port: expected an integer, got 'abc'",
        "3 server.max_body: expected a size like 1048576, 512KB, 64MB or 1GB, got 'lots'",
        "5 auth.leeway: expected a duration like 500ms, 30s, 10m, 2h or 1d, got '30 seconds'",
        "7 auth.keys[0].alg: alg none is refused: every token must be signed",
        "8 auth.keys[1].secret: is 9 bytes; HMAC secrets need at least 32",
        "9 auth.keys[2].alg: unknown alg 'PS256' (allowed: HS256, HS384, HS512, RS256, RS384, RS512, "
            + "ES256, ES384, ES512)",
        "9 auth.keys[2].kid: kid 'b' is already used by auth.keys[1].kid",
        "10 auth.keys[3].public_key_file: no such file: " + ProblemList.display(base.resolve("keys/missing.pem")),
        "12 source.pool_size: must be at least 1, got 0",
        "14 cache.backend: expected postgres, cassandra or memory, got 'redis'",
        "16 cache.cassandra.contact_points: 'localhost' is not host:port, like 127.0.0.1:9042",
        "17 cache.cassandra.read_consistency: 'MOSTLY' is not a consistency level (allowed: ONE, LOCAL_ONE, "
            + "QUORUM, LOCAL_QUORUM, ALL, EACH_QUORUM, TWO, THREE, LOCAL_SERIAL, SERIAL)",
        "19 refresh.workers: must be at least 1, got 0",
        "20 refresh.lease: must be longer than 0",
        "21 colour: unknown key 'colour' (known: server, auth, source, cache, products, updaters, plugins, "
            + "refresh, live)");
    assertThat(e.getMessage()).as("a secret is never echoed").doesNotContain("too-short");
  }

  @Test
  void refuses_key_bounds_that_bound_nothing() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-key-bounds-problems.yaml"), Map.of()));

    assertThat(e.problems()).extracting(p -> p.line() + " " + p.path() + ": " + p.message()).containsExactly(
        "2 cache.max_keys_per_product: must be at least 1, got 0",
        "3 cache.key_bounds_every: must be longer than 0",
        "4 cache.key_uses_flush: expected a duration like 500ms, 30s, 10m, 2h or 1d, got 'soon'");
  }

  @Test
  void a_problem_prints_as_file_line_field_and_message() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-port-range.yaml"), Map.of()));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).toString())
        .endsWith("kck-port-range.yaml:2: server.port: must be between 0 and 65535 (0 = any free port), got 70000");
    assertThat(e.getMessage()).startsWith("1 configuration problem").contains(e.problems().get(0).toString());
  }

  @Test
  void auth_enabled_with_no_key_and_no_jwks_url_is_a_problem() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-no-keys.yaml"), Map.of()));

    assertThat(e.problems()).extracting(ConfigProblem::path, ConfigProblem::line)
        .containsExactly(tuple("auth.keys", 2));
  }

  @Test
  void each_key_takes_only_the_material_of_its_algorithm() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-hmac-with-key-file.yaml"), Map.of()));

    assertThat(e.problems()).extracting(p -> p.path() + ": " + p.message()).containsExactly(
        "auth.keys[0].public_key_file: HS256 keys take a secret, not key files",
        "auth.keys[1].secret: ES256 keys take public_key_file, not a secret",
        "auth.keys[1].public_key_file: ES256 needs public_key_file (a PEM public key)");
  }

  @Test
  void values_of_the_wrong_shape_are_problems() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-wrong-shapes.yaml"), Map.of()));

    assertThat(e.problems()).extracting(p -> p.line() + " " + p.path() + ": " + p.message()).containsExactly(
        "1 server: expected a mapping, got '8080'",
        "3 auth.keys: expected a list, got a mapping",
        "3 auth.keys: auth is enabled but there is no key and no jwks_url: add a key, set jwks_url, "
            + "or set enabled: false",
        "5 source.init_sql: expected a list, got 'config/sql/demo.sql'",
        "8 cache.cassandra.contact_points[0]: expected a string, got a list",
        "8 cache.cassandra.contact_points: needs at least one host:port");
  }

  @Test
  void invalid_yaml_is_reported_with_its_line() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-not-yaml.yaml"), Map.of()));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.message()).startsWith("not valid YAML");
    });
  }

  @Test
  void a_duplicate_key_is_a_problem() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("kck-duplicate-key.yaml"), Map.of()));

    assertThat(e.problems()).containsExactly(
        problem("kck-duplicate-key.yaml", "server.port", 3, "duplicate key 'port'"));
  }

  @Test
  void a_missing_file_is_a_problem() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.load(ConfigFixtures.file("no-such.yaml"), Map.of()));

    assertThat(e.problems()).singleElement().extracting(ConfigProblem::message).isEqualTo("file not found");
  }

  private ConfigProblem problem(String file, String path, int line, String message) {
    return new ConfigProblem(ProblemList.display(ConfigFixtures.file(file)), path, line, message);
  }
}
