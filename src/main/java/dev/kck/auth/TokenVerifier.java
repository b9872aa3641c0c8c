package dev.kck.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.kck.auth.Rejection.RejectedToken;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Verifies one compact JWS against the key ring. Every check that costs nothing comes before the
 * decoding: size, then shape; the header's {@code crit} and {@code typ} come before the key lookup
 * (which may fetch a JWKS). A token's {@code kid} picks one key; without a kid, each key of the
 * token's algorithm is tried. The algorithm always comes from the key, never from the token. After
 * the signature, {@code exp} and the token's lifetime ({@link TokenRules}).
 */
final class TokenVerifier {

  /** Longer tokens are refused before decoding; real ones are well under 2 KB. */
  static final int MAX_TOKEN_CHARS = 8 * 1024;

  /** header.payload.signature in base64url; the signature may be empty here to report alg none well. */
  private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  private final KeyRing keys;
  private final PrincipalReader principals;
  private final TokenRules rules;

  TokenVerifier(KeyRing keys, PrincipalReader principals, TokenRules rules) {
    this.keys = keys;
    this.principals = principals;
    this.rules = rules;
  }

  Principal verify(String token) throws RejectedToken {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new RejectedToken(Rejection.TOO_LARGE);
    }
    if (!COMPACT_JWS.matcher(token).matches()) {
      throw new RejectedToken(Rejection.MALFORMED);
    }
    DecodedJWT jwt = decode(token);
    rules.checkHeader(jwt);
    DecodedJWT verified = verifyWithAny(jwt, candidates(jwt));
    rules.checkLifetime(verified);
    return principals.read(verified);
  }

  private static DecodedJWT decode(String token) throws RejectedToken {
    try {
      return JWT.decode(token);
    } catch (JWTDecodeException e) {
      throw new RejectedToken(Rejection.MALFORMED);
    }
  }

  private List<VerificationKey> candidates(DecodedJWT jwt) throws RejectedToken {
    String alg = jwt.getAlgorithm();
    if (jwt.getKeyId() != null) {
      VerificationKey key = keys.byKid(jwt.getKeyId()).orElseThrow(() -> new RejectedToken(Rejection.UNKNOWN_KEY));
      if (!key.alg().equals(alg)) {
        throw new RejectedToken(Rejection.ALGORITHM);
      }
      return List.of(key);
    }
    List<VerificationKey> sameAlg = keys.all().stream().filter(key -> key.alg().equals(alg)).toList();
    if (sameAlg.isEmpty()) {
      throw new RejectedToken(Rejection.ALGORITHM);
    }
    return sameAlg;
  }

  /** java-jwt checks the signature before the claims, so a claim failure means the right key. */
  private static DecodedJWT verifyWithAny(DecodedJWT jwt, List<VerificationKey> candidates) throws RejectedToken {
    for (VerificationKey key : candidates) {
      try {
        return key.verifier().verify(jwt);
      } catch (SignatureVerificationException e) {
        // not this key: try the next one
      } catch (JWTVerificationException e) {
        throw new RejectedToken(classify(e));
      }
    }
    throw new RejectedToken(Rejection.SIGNATURE);
  }

  private static Rejection classify(JWTVerificationException e) {
    if (e instanceof TokenExpiredException) {
      return Rejection.EXPIRED;
    }
    if (e instanceof AlgorithmMismatchException) {
      return Rejection.ALGORITHM;
    }
    if (e instanceof JWTDecodeException) {
      return Rejection.MALFORMED;
    }
    String claim = e instanceof IncorrectClaimException incorrect ? incorrect.getClaimName()
        : e instanceof MissingClaimException missing ? missing.getClaimName()
        : "";
    return switch (claim) {
      case "exp" -> Rejection.EXPIRED;
      case "nbf" -> Rejection.NOT_YET_VALID;
      case "iat" -> Rejection.ISSUED_IN_FUTURE;
      case "iss" -> Rejection.ISSUER;
      case "aud" -> Rejection.AUDIENCE;
      default -> Rejection.INVALID;
    };
  }
}
