package dev.kck.update;

import dev.kck.product.Access;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named write, as declared in {@code config/updaters/NAME.yaml} or by a Java {@link Updater}.
 *
 * @param name the name in {@code POST /update/{name}}, {@code [a-z][a-z0-9_]{0,62}}
 * @param parameters the body fields it takes; {@link Parameter#required()} says whether a call must give one
 * @param sql one or more statements with named {@code :parameters}, run in one transaction; null for a
 *     Java updater (the YAML loader always sets it)
 * @param writes tables it writes: every product that {@code reads} one of them is refreshed after commit
 * @param refreshes key templates ({@code book_availability/:book_id}) refreshed or augmented after commit
 * @param access who may call it
 * @param file the YAML file it came from, for messages (null for updaters built in code)
 */
public record UpdaterSpec(
    String name,
    List<Parameter> parameters,
    String sql,
    List<String> writes,
    List<String> refreshes,
    Access access,
    Path file) {

  public UpdaterSpec {
    Objects.requireNonNull(name, "name");
    if (!ProductSpec.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("updater name must match " + ProductSpec.NAME.pattern() + ": " + name);
    }
    parameters = List.copyOf(parameters);
    requireDistinctNames(name, parameters);
    writes = writes == null ? List.of() : List.copyOf(writes);
    refreshes = refreshes == null ? List.of() : List.copyOf(refreshes);
    access = access == null ? Access.AUTHENTICATED : access;
  }

  /** A spec for a Java updater: no SQL, writes and refreshes nothing, needs a token (use the withers). */
  public static UpdaterSpec of(String name, List<Parameter> parameters) {
    return new UpdaterSpec(name, parameters, null, null, null, null, null);
  }

  public UpdaterSpec withWrites(List<String> value) {
    return new UpdaterSpec(name, parameters, sql, value, refreshes, access, file);
  }

  public UpdaterSpec withRefreshes(List<String> value) {
    return new UpdaterSpec(name, parameters, sql, writes, value, access, file);
  }

  public UpdaterSpec withAccess(Access value) {
    return new UpdaterSpec(name, parameters, sql, writes, refreshes, value, file);
  }

  /** The declared parameter of that name. */
  public Optional<Parameter> parameter(String parameterName) {
    return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
  }

  /** A body field maps to exactly one parameter, so two with one name could never both be given. */
  private static void requireDistinctNames(String updater, List<Parameter> parameters) {
    Set<String> seen = new HashSet<>();
    for (Parameter parameter : parameters) {
      if (!seen.add(parameter.name())) {
        throw new IllegalArgumentException("updater " + updater + " declares parameter '" + parameter.name() + "' twice");
      }
    }
  }
}
