package dev.kck.service;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;

/** Whether a caller may read a key: the product's access, and every claim-bound parameter equal to its claim. */
public final class KeyAccess {
  private final ProductRegistry registry;
  private final Authenticator authenticator;

  public KeyAccess(ProductRegistry registry, Authenticator authenticator) {
    this.registry = registry;
    this.authenticator = authenticator;
  }

  /** Refuses with 401 or 403 when the caller may not read the key. */
  void check(Key key, Primer primer, Principal principal) {
    authenticator.authorize(primer.spec().access(), principal);
    checkClaims(key, primer, principal);
  }

  /** Whether the caller may read the key text (false also for a key that does not parse). */
  boolean mayRead(String keyText, Principal principal) {
    try {
      Key key = registry.parse(keyText);
      check(key, registry.get(key.product()), principal);
      return true;
    } catch (KckException e) {
      return false;
    }
  }

  /** A claim-bound parameter must equal the caller's claim: 401 without a token, 403 when it differs. */
  private void checkClaims(Key key, Primer primer, Principal principal) {
    if (!authenticator.enabled()) {
      return;
    }
    for (int i = 0; i < key.values().size(); i++) {
      Parameter parameter = primer.spec().parameters().get(i);
      if (!parameter.isClaimBound()) {
        continue;
      }
      if (principal.isAnonymous()) {
        throw new KckException.Unauthorized("a bearer token is required for " + key.product());
      }
      String expected = principal.claimText(parameter.claim()).orElse(null);
      if (!parameter.type().format(key.values().get(i)).equals(expected)) {
        throw new KckException.Forbidden("parameter '" + parameter.name() + "' must equal your token's '"
            + parameter.claim() + "' claim");
      }
    }
  }
}
