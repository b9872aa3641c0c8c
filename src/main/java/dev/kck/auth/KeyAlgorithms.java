package dev.kck.auth;

import com.auth0.jwt.algorithms.Algorithm;
import dev.kck.config.KckConfig;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * Binds each key to its one java-jwt {@link Algorithm}. A key's algorithm is fixed here, from
 * configuration, never from a token header: that is what makes {@code alg: none} and RS256-to-HS256
 * confusion impossible. Bad keys are {@link IllegalArgumentException}s (configuration errors).
 */
final class KeyAlgorithms {

  /** The shortest HMAC secret accepted, in bytes (API.md: "under 32 bytes is a config error"). */
  static final int MIN_SECRET_BYTES = 32;
  private static final int MIN_RSA_BITS = 2048;

  /** The three key families, by the JCA name of their key type. */
  enum Family {
    HMAC(null), RSA("RSA"), EC("EC");

    final String keyType;

    Family(String keyType) {
      this.keyType = keyType;
    }
  }

  private KeyAlgorithms() {}

  static Family family(String alg) {
    return switch (alg == null ? "" : alg) {
      case "HS256", "HS384", "HS512" -> Family.HMAC;
      case "RS256", "RS384", "RS512" -> Family.RSA;
      case "ES256", "ES384", "ES512" -> Family.EC;
      default -> throw new IllegalArgumentException(
          "unsupported alg '" + alg + "'; use HS256/384/512, RS256/384/512 or ES256/384/512");
    };
  }

  /** The verifying algorithm of a configured key: its secret, or its PEM public key file. */
  static Algorithm verifying(KckConfig.JwtKey key) {
    try {
      Family family = family(key.alg());
      if (family == Family.HMAC) {
        return hmac(key.alg(), secret(key));
      }
      if (key.publicKeyFile() == null) {
        throw new IllegalArgumentException(key.alg() + " needs public_key_file");
      }
      return forPublicKey(key.alg(), PemKeys.readPublicKey(key.publicKeyFile(), family.keyType));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("auth key '" + key.kid() + "': " + e.getMessage(), e);
    }
  }

  /** The algorithm verifying with a public key (from a PEM file or a JWKS), checked against alg. */
  static Algorithm forPublicKey(String alg, PublicKey publicKey) {
    if (family(alg) == Family.RSA && publicKey instanceof RSAPublicKey rsa) {
      requireRsaSize(rsa.getModulus().bitLength());
      return rsa(alg, rsa, null);
    }
    if (family(alg) == Family.EC && publicKey instanceof ECPublicKey ec) {
      requireCurve(alg, ec.getParams().getCurve().getField().getFieldSize());
      return ec(alg, ec, null);
    }
    throw new IllegalArgumentException(alg + " cannot use a " + publicKey.getAlgorithm() + " key");
  }

  /** The signing algorithm of a configured key, when it has a secret or a private key file. */
  static Optional<Algorithm> signing(KckConfig.JwtKey key) {
    Family family = family(key.alg());
    if (family == Family.HMAC) {
      return Optional.of(hmac(key.alg(), secret(key)));
    }
    if (key.privateKeyFile() == null) {
      return Optional.empty();
    }
    PrivateKey privateKey = PemKeys.readPrivateKey(key.privateKeyFile(), family.keyType);
    return Optional.of(family == Family.RSA
        ? rsa(key.alg(), null, (RSAPrivateKey) privateKey)
        : ec(key.alg(), null, (ECPrivateKey) privateKey));
  }

  private static byte[] secret(KckConfig.JwtKey key) {
    if (key.publicKeyFile() != null || key.privateKeyFile() != null) {
      throw new IllegalArgumentException(key.alg() + " takes a secret, not a key file");
    }
    String text = key.secretFile() != null ? SecretFiles.readOrCreate(key.secretFile()) : key.secret();
    byte[] secret = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          key.alg() + " secret must be at least " + MIN_SECRET_BYTES + " bytes, it has " + secret.length);
    }
    return secret;
  }

  private static void requireRsaSize(int bits) {
    if (bits < MIN_RSA_BITS) {
      throw new IllegalArgumentException("RSA keys must have at least " + MIN_RSA_BITS + " bits, this has " + bits);
    }
  }

  /** ES256 signs on P-256, ES384 on P-384, ES512 on P-521 (RFC 7518 section 3.4). */
  private static void requireCurve(String alg, int fieldBits) {
    int expected = switch (alg) {
      case "ES256" -> 256;
      case "ES384" -> 384;
      default -> 521;
    };
    if (fieldBits != expected) {
      throw new IllegalArgumentException(alg + " needs a P-" + expected + " key, this is a " + fieldBits + "-bit curve");
    }
  }

  private static Algorithm hmac(String alg, byte[] secret) {
    return switch (alg) {
      case "HS256" -> Algorithm.HMAC256(secret);
      case "HS384" -> Algorithm.HMAC384(secret);
      default -> Algorithm.HMAC512(secret);
    };
  }

  private static Algorithm rsa(String alg, RSAPublicKey publicKey, RSAPrivateKey privateKey) {
    return switch (alg) {
      case "RS256" -> Algorithm.RSA256(publicKey, privateKey);
      case "RS384" -> Algorithm.RSA384(publicKey, privateKey);
      default -> Algorithm.RSA512(publicKey, privateKey);
    };
  }

  private static Algorithm ec(String alg, ECPublicKey publicKey, ECPrivateKey privateKey) {
    return switch (alg) {
      case "ES256" -> Algorithm.ECDSA256(publicKey, privateKey);
      case "ES384" -> Algorithm.ECDSA384(publicKey, privateKey);
      default -> Algorithm.ECDSA512(publicKey, privateKey);
    };
  }
}
