package dev.kck.product;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A declared parameter of a product or updater.
 *
 * @param name the name used as {@code :name} in SQL
 * @param type its type
 * @param claim the token claim it must equal (null when not claim-bound)
 * @param required whether an updater call must supply it (products always need every parameter)
 */
public record Parameter(String name, ParamType type, String claim, boolean required) {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("parameter name must match " + NAME + ": " + name);
    }
  }

  public static Parameter of(String name, ParamType type) {
    return new Parameter(name, type, null, true);
  }

  public boolean isClaimBound() {
    return claim != null;
  }
}
