package dev.kck.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.config.KckConfig;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad key is a configuration error at construction, never a surprise at the first request. */
class KeyConfigurationTest {

  @TempDir Path dir;

  private static void assertConfigError(KckConfig.JwtKey key, String message) {
    assertThatThrownBy(() -> new Authenticator(TestKeys.auth(List.of(key)), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refuses_alg_none_and_unknown_algs() {
    assertConfigError(new KckConfig.JwtKey("k", "none", TestKeys.SECRET, null, null), "unsupported alg 'none'");
    assertConfigError(new KckConfig.JwtKey("k", "PS256", null, null, null), "unsupported alg 'PS256'");
  }

  @Test
  void refuses_an_hmac_secret_under_32_bytes() {
    assertConfigError(new KckConfig.JwtKey("short", "HS256", "too-short", null, null), "at least 32 bytes");
    assertConfigError(new KckConfig.JwtKey("none", "HS256", null, null, null), "at least 32 bytes");
  }

  @Test
  void refuses_an_hmac_key_with_a_key_file() {
    Path pem = TestKeys.writePem(dir, "k.pem", "PUBLIC KEY", TestKeys.RSA.getPublic());
    assertConfigError(new KckConfig.JwtKey("k", "HS256", TestKeys.SECRET, pem, null), "takes a secret");
  }

  @Test
  void refuses_a_public_key_of_the_wrong_type_or_curve() {
    assertConfigError(TestKeys.publicKey(dir, "rsa-as-ec", "ES256", TestKeys.RSA), "'rsa-as-ec'");
    assertConfigError(TestKeys.publicKey(dir, "p384-as-es256", "ES256", TestKeys.EC384), "needs a P-256 key");
  }

  @Test
  void refuses_an_rsa_key_under_2048_bits() {
    assertConfigError(TestKeys.publicKey(dir, "weak", "RS256", weakRsa()), "at least 2048 bits");
  }

  private static KeyPair weakRsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(1024);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void refuses_a_missing_or_non_pem_key_file() {
    assertConfigError(new KckConfig.JwtKey("gone", "RS256", null, dir.resolve("absent.pem"), null), "cannot read key file");
    assertConfigError(new KckConfig.JwtKey("nofile", "RS256", null, null, null), "needs public_key_file");
    Path pkcs1 = TestKeys.writePem(dir, "pkcs1.pem", "RSA PUBLIC KEY", new byte[] {1, 2, 3});
    assertConfigError(new KckConfig.JwtKey("pkcs1", "RS256", null, pkcs1, null), "BEGIN PUBLIC KEY or BEGIN CERTIFICATE");
  }

  @Test
  void refuses_a_kid_used_twice() {
    List<KckConfig.JwtKey> keys = List.of(TestKeys.hmacKey("dev", "HS256"), TestKeys.hmacKey("dev", "HS512"));
    assertThatThrownBy(() -> new Authenticator(TestKeys.auth(keys), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kid 'dev' is used twice");
  }

  @Test
  void accepts_keys_without_kid() {
    List<KckConfig.JwtKey> keys = List.of(TestKeys.hmacKey(null, "HS256"), TestKeys.hmacKey("", "HS384"));
    assertThatCode(() -> new Authenticator(TestKeys.auth(keys), Clock.systemUTC())).doesNotThrowAnyException();
  }

  @Test
  void refuses_a_jwks_url_that_is_not_http() {
    KckConfig.Auth auth = TestKeys.withJwks(TestKeys.auth(List.of()), "file:///etc/jwks.json");
    assertThatThrownBy(() -> new Authenticator(auth, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jwks_url");
  }
}
