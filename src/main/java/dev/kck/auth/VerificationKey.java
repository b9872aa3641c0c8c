package dev.kck.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.Verification;
import dev.kck.config.KckConfig;
import java.time.Clock;

/**
 * One key a token may be verified with, bound to its one algorithm, with its java-jwt verifier built
 * once (the verifier is immutable and thread-safe).
 *
 * @param kid the key id a token's {@code kid} header names (null: the key has none)
 * @param alg the one algorithm this key verifies, e.g. "RS256"
 * @param verifier checks signature, {@code iss}, {@code aud}, {@code exp}, {@code nbf}, {@code iat}
 */
record VerificationKey(String kid, String alg, JWTVerifier verifier) {

  static VerificationKey of(String kid, Algorithm algorithm, KckConfig.Auth auth, Clock clock) {
    Verification verification = JWT.require(algorithm).acceptLeeway(AuthSettings.leewaySeconds(auth));
    if (AuthSettings.isSet(auth.issuer())) {
      verification = verification.withIssuer(auth.issuer());
    }
    if (AuthSettings.isSet(auth.audience())) {
      // java-jwt accepts aud as a string or an array holding this value.
      verification = verification.withAnyOfAudience(auth.audience());
    }
    JWTVerifier verifier = ((JWTVerifier.BaseVerification) verification).build(clock);
    return new VerificationKey(kid, algorithm.getName(), verifier);
  }

  static VerificationKey fromConfig(KckConfig.JwtKey key, KckConfig.Auth auth, Clock clock) {
    return of(AuthSettings.isSet(key.kid()) ? key.kid() : null, KeyAlgorithms.verifying(key), auth, clock);
  }
}
