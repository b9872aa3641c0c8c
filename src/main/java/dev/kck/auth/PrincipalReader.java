package dev.kck.auth;

import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kck.auth.Rejection.RejectedToken;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Turns a verified token into a {@link Principal}: subject, scopes, claims as plain Java values, exp. */
final class PrincipalReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> CLAIMS = new TypeReference<>() {};

  private final String scopeClaim;

  PrincipalReader(String scopeClaim) {
    this.scopeClaim = scopeClaim;
  }

  Principal read(DecodedJWT jwt) throws RejectedToken {
    Map<String, Object> claims = claims(jwt);
    Instant exp = jwt.getExpiresAtAsInstant();
    return new Principal(
        jwt.getSubject(),
        scopes(claims.get(scopeClaim)),
        claims,
        exp == null ? Long.MAX_VALUE : exp.getEpochSecond());
  }

  /** The scope claim: "a b c" (OAuth 2.0 style) or ["a", "b", "c"]; anything else grants nothing. */
  static Set<String> scopes(Object claim) {
    Stream<String> scopes;
    if (claim instanceof String text) {
      scopes = Stream.of(text.split("\\s+"));
    } else if (claim instanceof Collection<?> list) {
      scopes = list.stream().filter(String.class::isInstance).map(String.class::cast);
    } else {
      return Set.of();
    }
    return scopes.filter(scope -> !scope.isBlank()).collect(Collectors.toUnmodifiableSet());
  }

  /** Decoding the payload with Jackson gives String, Number, Boolean, List and Map values. */
  private static Map<String, Object> claims(DecodedJWT jwt) throws RejectedToken {
    try {
      LinkedHashMap<String, Object> claims = JSON.readValue(Base64.getUrlDecoder().decode(jwt.getPayload()), CLAIMS);
      claims.values().removeIf(Objects::isNull); // a JSON null says nothing, and Principal holds no nulls
      return claims;
    } catch (IOException | IllegalArgumentException e) {
      throw new RejectedToken(Rejection.MALFORMED);
    }
  }
}
