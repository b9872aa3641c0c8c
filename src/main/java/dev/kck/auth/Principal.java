package dev.kck.auth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The verified caller of a request.
 *
 * @param subject the token's {@code sub} (null for an anonymous caller)
 * @param scopes the scopes from the configured scope claim
 * @param claims every claim of the token as plain Java values (String, Number, Boolean, List, Map)
 * @param expiresAtEpochSecond the token's {@code exp} (Long.MAX_VALUE when absent or anonymous)
 */
public record Principal(String subject, Set<String> scopes, Map<String, Object> claims, long expiresAtEpochSecond) {

  public static final Principal ANONYMOUS = new Principal(null, Set.of(), Map.of(), Long.MAX_VALUE);

  public Principal {
    scopes = Set.copyOf(scopes);
    claims = Map.copyOf(claims);
  }

  public boolean isAnonymous() {
    return this == ANONYMOUS || claims.isEmpty() && subject == null;
  }

  /** A claim as text, for comparing with a claim-bound parameter ({@code sub}, {@code tenant}, ...). */
  public Optional<String> claimText(String name) {
    Object value = claims.get(name);
    return value == null || value instanceof Map || value instanceof Iterable
        ? Optional.empty()
        : Optional.of(value.toString());
  }
}
