package dev.kck.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The keys a token may be verified with: the configured ones, then those of the JWKS (if any). */
final class KeyRing {

  private final Map<String, VerificationKey> configuredByKid = new LinkedHashMap<>();
  private final List<VerificationKey> configured;
  private final JwksKeySource jwks;

  /** jwks may be null (no {@code jwks_url}). A configured key wins over a JWKS key with its kid. */
  KeyRing(List<VerificationKey> configured, JwksKeySource jwks) {
    this.configured = List.copyOf(configured);
    this.jwks = jwks;
    for (VerificationKey key : configured) {
      if (key.kid() != null && configuredByKid.putIfAbsent(key.kid(), key) != null) {
        throw new IllegalArgumentException("auth keys: kid '" + key.kid() + "' is used twice");
      }
    }
  }

  Optional<VerificationKey> byKid(String kid) {
    VerificationKey key = configuredByKid.get(kid);
    if (key != null || jwks == null) {
      return Optional.ofNullable(key);
    }
    return jwks.byKid(kid);
  }

  List<VerificationKey> all() {
    if (jwks == null) {
      return configured;
    }
    List<VerificationKey> all = new ArrayList<>(configured);
    all.addAll(jwks.all());
    return all;
  }
}
