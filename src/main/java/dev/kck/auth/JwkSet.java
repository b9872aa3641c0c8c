package dev.kck.auth;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses a JWK Set (RFC 7517) into verifying algorithms. Only RSA and EC signature keys are taken;
 * symmetric ({@code oct}) keys are never taken from a URL. A key without {@code alg} gets the one its
 * type implies: RS256 for RSA, ES256/384/512 by curve. A key that does not parse is skipped, not fatal.
 */
final class JwkSet {

  private static final Logger log = LoggerFactory.getLogger(JwkSet.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_KEYS = 100;

  /** One usable key of the set: its kid (may be null) and its bound algorithm. */
  record Jwk(String kid, Algorithm algorithm) {}

  private JwkSet() {}

  static List<Jwk> parse(byte[] json) throws IOException {
    JsonNode keys = JSON.readTree(json).path("keys");
    if (!keys.isArray()) {
      throw new IOException("not a JWK Set: no \"keys\" array");
    }
    List<Jwk> usable = new ArrayList<>();
    for (JsonNode jwk : keys) {
      if (usable.size() == MAX_KEYS) {
        log.warn("JWK Set has more than {} keys; the rest are ignored", MAX_KEYS);
        break;
      }
      parseKey(jwk).ifPresent(usable::add);
    }
    return usable;
  }

  private static Optional<Jwk> parseKey(JsonNode jwk) {
    String kid = text(jwk, "kid");
    String use = text(jwk, "use");
    if (use != null && !use.equals("sig")) {
      return Optional.empty();
    }
    try {
      return switch (String.valueOf(text(jwk, "kty"))) {
        case "RSA" -> Optional.of(new Jwk(kid, rsa(jwk)));
        case "EC" -> Optional.of(new Jwk(kid, ec(jwk)));
        default -> Optional.empty();
      };
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      log.warn("JWK '{}' skipped: {}", kid, e.getMessage());
      return Optional.empty();
    }
  }

  private static Algorithm rsa(JsonNode jwk) throws GeneralSecurityException {
    RSAPublicKeySpec spec = new RSAPublicKeySpec(number(jwk, "n"), number(jwk, "e"));
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(spec);
    return KeyAlgorithms.forPublicKey(orDefault(text(jwk, "alg"), "RS256"), key);
  }

  private static Algorithm ec(JsonNode jwk) throws GeneralSecurityException {
    String crv = String.valueOf(text(jwk, "crv"));
    String[] curve = switch (crv) {
      case "P-256" -> new String[] {"secp256r1", "ES256"};
      case "P-384" -> new String[] {"secp384r1", "ES384"};
      case "P-521" -> new String[] {"secp521r1", "ES512"};
      default -> throw new IllegalArgumentException("unsupported curve " + crv);
    };
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec(curve[0]));
    ECPoint point = new ECPoint(number(jwk, "x"), number(jwk, "y"));
    ECPublicKeySpec spec = new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class));
    PublicKey key = KeyFactory.getInstance("EC").generatePublic(spec);
    return KeyAlgorithms.forPublicKey(orDefault(text(jwk, "alg"), curve[1]), key);
  }

  private static BigInteger number(JsonNode jwk, String field) {
    String value = text(jwk, field);
    if (value == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return new BigInteger(1, Base64.getUrlDecoder().decode(value));
  }

  private static String text(JsonNode jwk, String field) {
    JsonNode node = jwk.get(field);
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
