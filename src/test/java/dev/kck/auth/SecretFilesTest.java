package dev.kck.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.config.KckConfig;
import dev.kck.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in key's secret: random, made once, private, and shared by serve and the token command. */
class SecretFilesTest {

  @TempDir Path dir;

  @Test
  void makes_a_random_owner_only_secret_once_and_reads_it_back() throws Exception {
    Path file = dir.resolve("data/jwt-secret");

    String first = SecretFiles.readOrCreate(file);

    assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(KckConfig.Auth.DEVELOPMENT_SECRET);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(SecretFiles.readOrCreate(file)).isEqualTo(first);
    assertThat(SecretFiles.readOrCreate(dir.resolve("other"))).isNotEqualTo(first);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void a_token_signed_by_the_token_command_verifies_at_the_server_through_the_same_file() {
    MutableClock clock = new MutableClock(TestKeys.NOW);
    KckConfig.Auth auth = TestKeys.auth(List.of(
        new KckConfig.JwtKey("local", "HS256", null, null, null, dir.resolve("jwt-secret"))));

    String token = new TokenIssuer().issue(auth, "alice", List.of("kck:admin"), Duration.ofMinutes(5), clock);
    try (Authenticator server = new Authenticator(auth, clock, new SimpleMeterRegistry())) {
      assertThat(server.authenticate("Bearer " + token).scopes()).containsExactly("kck:admin");
    }
    KckConfig.Auth withDevelopmentSecret = TestKeys.auth(List.of(
        new KckConfig.JwtKey("local", "HS256", KckConfig.Auth.DEVELOPMENT_SECRET, null, null)));
    try (Authenticator other = new Authenticator(withDevelopmentSecret, clock, new SimpleMeterRegistry())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.authenticate("Bearer " + token))
          .hasMessage(Rejection.SIGNATURE.detail);
    }
  }
}
