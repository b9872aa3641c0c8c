package dev.kck.product;

import java.util.Set;

/** Who may fetch a product or call an updater. */
public sealed interface Access {

  /** Anyone, with or without a token. */
  record Public() implements Access {}

  /** Any caller with a valid token. */
  record Authenticated() implements Access {}

  /** A caller whose token carries at least one of these scopes. */
  record Scopes(Set<String> anyOf) implements Access {
    public Scopes {
      anyOf = Set.copyOf(anyOf);
      if (anyOf.isEmpty()) {
        throw new IllegalArgumentException("scopes must name at least one scope");
      }
    }
  }

  Access PUBLIC = new Public();
  Access AUTHENTICATED = new Authenticated();
}
