package dev.kck.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import dev.kck.config.KckConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Key pairs made once per test run, PEM files, configs and signed tokens for the auth tests. */
final class TestKeys {

  static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
  static final KeyPair RSA = generate("RSA", null);
  static final KeyPair EC256 = generate("EC", "secp256r1");
  static final KeyPair EC384 = generate("EC", "secp384r1");
  static final KeyPair EC521 = generate("EC", "secp521r1");

  private TestKeys() {}

  static KeyPair generate(String type, String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
      if (curve == null) {
        generator.initialize(2048);
      } else {
        generator.initialize(new ECGenParameterSpec(curve));
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path writePem(Path dir, String name, String label, Key key) {
    return writePem(dir, name, label, key.getEncoded());
  }

  static Path writePem(Path dir, String name, String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    String pem = "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    try {
      return Files.writeString(dir.resolve(name), pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KckConfig.JwtKey hmacKey(String kid, String alg) {
    return new KckConfig.JwtKey(kid, alg, SECRET, null, null);
  }

  static KckConfig.JwtKey publicKey(Path dir, String kid, String alg, KeyPair pair) {
    return new KckConfig.JwtKey(kid, alg, null, writePem(dir, kid + ".pub.pem", "PUBLIC KEY", pair.getPublic()), null);
  }

  static KckConfig.JwtKey signingKey(Path dir, String kid, String alg, KeyPair pair) {
    Path privateKey = writePem(dir, kid + ".key.pem", "PRIVATE KEY", pair.getPrivate());
    return new KckConfig.JwtKey(kid, alg, null, publicKey(dir, kid, alg, pair).publicKeyFile(), privateKey);
  }

  /** auth: enabled, iss and aud "kck", 30 s leeway, scope claim "scope". */
  static KckConfig.Auth auth(List<KckConfig.JwtKey> keys) {
    return new KckConfig.Auth(true, "kck", "kck", Duration.ofSeconds(30), "scope", keys, "");
  }

  static KckConfig.Auth withJwks(KckConfig.Auth auth, String jwksUrl) {
    return new KckConfig.Auth(auth.enabled(), auth.issuer(), auth.audience(), auth.leeway(), auth.scopeClaim(), auth.keys(), jwksUrl);
  }

  /** The auth with require_exp false and the given maximum lifetime (zero: none). */
  static KckConfig.Auth expOptional(KckConfig.Auth auth, Duration maxLifetime) {
    return new KckConfig.Auth(auth.enabled(), auth.issuer(), auth.audience(), auth.leeway(), auth.scopeClaim(),
        auth.keys(), auth.jwksUrl(), false, maxLifetime, false, false);
  }

  static KckConfig.Auth expOptional(KckConfig.Auth auth) {
    return expOptional(auth, Duration.ZERO);
  }

  static KckConfig.Auth disabled(KckConfig.Auth auth) {
    return new KckConfig.Auth(false, auth.issuer(), auth.audience(), auth.leeway(), auth.scopeClaim(), auth.keys(), auth.jwksUrl());
  }

  /** A token valid at NOW for one hour, with iss and aud "kck", sub "alice", scope "library:read". */
  static JWTCreator.Builder claims(String kid) {
    JWTCreator.Builder builder = JWT.create()
        .withIssuer("kck")
        .withAudience("kck")
        .withSubject("alice")
        .withClaim("scope", "library:read")
        .withIssuedAt(NOW)
        .withExpiresAt(NOW.plusSeconds(3600));
    return kid == null ? builder : builder.withKeyId(kid);
  }

  static Algorithm hs256() {
    return Algorithm.HMAC256(SECRET);
  }

  static Algorithm rs256(KeyPair pair) {
    return Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
  }

  static Algorithm es(String alg, KeyPair pair) {
    ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
    ECPrivateKey privateKey = (ECPrivateKey) pair.getPrivate();
    return switch (alg) {
      case "ES256" -> Algorithm.ECDSA256(publicKey, privateKey);
      case "ES384" -> Algorithm.ECDSA384(publicKey, privateKey);
      default -> Algorithm.ECDSA512(publicKey, privateKey);
    };
  }

  static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }
}
