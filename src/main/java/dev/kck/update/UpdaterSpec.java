package dev.kck.update;

import dev.kck.product.Access;
import dev.kck.product.KeySegments;
import dev.kck.product.KeyTemplate;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * @param refreshes key templates ({@code book_availability/:book_id}) refreshed or augmented after commit,
 *     parsed once
 * @param access who may call it
 * @param file the YAML file it came from, for messages (null for updaters built in code)
 */
public record UpdaterSpec(
    String name,
    List<Parameter> parameters,
    String sql,
    List<String> writes,
    List<KeyTemplate> refreshes,
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

  /** The spec with these refreshes templates ({@code book_availability/:book_id}). */
  public UpdaterSpec withRefreshes(List<String> templates) {
    return new UpdaterSpec(name, parameters, sql, writes, templates.stream().map(KeyTemplate::parse).toList(), access,
        file);
  }

  public UpdaterSpec withAccess(Access value) {
    return new UpdaterSpec(name, parameters, sql, writes, refreshes, value, file);
  }

  /** The declared parameter of that name. */
  public Optional<Parameter> parameter(String parameterName) {
    return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
  }

  /**
   * The keys one call refreshes: each {@code refreshes} template with its {@code :name}s replaced by
   * the call's values in canonical text, as key text ({@code product/seg/...}, each segment
   * percent-encoded). A template naming a parameter that is null in this call names no key.
   *
   * @param call the call's bound parameters, as {@code CallParameters} reads them
   */
  public List<String> refreshKeys(Map<String, Object> call) {
    List<String> keys = new ArrayList<>(refreshes.size());
    for (KeyTemplate template : refreshes) {
      Map<String, String> values = formattedValues(template, call);
      if (values != null) {
        StringBuilder key = new StringBuilder(template.product());
        template.expand(values).forEach(segment -> key.append('/').append(KeySegments.encode(segment)));
        keys.add(key.toString());
      }
    }
    return keys;
  }

  /** The canonical texts of the parameters a template uses, or null when one of them is null. */
  private Map<String, String> formattedValues(KeyTemplate template, Map<String, Object> call) {
    Map<String, String> values = new HashMap<>();
    for (String parameterName : template.names()) {
      Object value = call.get(parameterName);
      if (value == null) {
        return null;
      }
      Parameter parameter = parameter(parameterName).orElseThrow(() -> new IllegalArgumentException(
          "updater " + name + ": refreshes template '" + template.text() + "' uses undeclared :" + parameterName));
      values.put(parameterName, parameter.type().format(value));
    }
    return values;
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
