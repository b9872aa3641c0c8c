package dev.kck.service;

import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.cache.Fetcher;
import dev.kck.cache.Served;
import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;

/**
 * The fetch use case ({@code GET /fetch}, batch fetches, the first entry of a subscription): parse
 * the key, authorise the caller for it (scopes and claim-bound parameters), answer from cache or a
 * primer run.
 */
public final class FetchService {
  private final ProductRegistry registry;
  private final Fetcher fetcher;
  private final Authenticator authenticator;

  public FetchService(ProductRegistry registry, Fetcher fetcher, Authenticator authenticator) {
    this.registry = registry;
    this.fetcher = fetcher;
    this.authenticator = authenticator;
  }

  /** What a fetch of a key answered, with the product it belongs to. */
  public record Fetched(Key key, Primer primer, Served served) {}

  public Fetched fetch(String rawKey, Principal principal) {
    Key key = registry.parse(rawKey);
    Primer primer = registry.get(key.product());
    authenticator.authorize(primer.spec().access(), principal);
    checkClaims(key, primer, principal);
    return new Fetched(key, primer, fetcher.fetch(key, primer));
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
