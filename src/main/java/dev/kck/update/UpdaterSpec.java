package dev.kck.update;

import dev.kck.product.Access;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A named write, as declared in {@code config/updaters/NAME.yaml}.
 *
 * @param name the name in {@code POST /update/{name}}, {@code [a-z][a-z0-9_]{0,62}}
 * @param parameters the body fields it takes; {@link Parameter#required()} says whether a call must give one
 * @param sql one or more statements with named {@code :parameters}, run in one transaction
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
    Objects.requireNonNull(sql, "sql");
    writes = writes == null ? List.of() : List.copyOf(writes);
    refreshes = refreshes == null ? List.of() : List.copyOf(refreshes);
    access = access == null ? Access.AUTHENTICATED : access;
  }
}
