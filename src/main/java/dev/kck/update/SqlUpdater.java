package dev.kck.update;

import dev.kck.product.Parameter;
import dev.kck.product.SqlTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An updater declared in YAML: SQL with named {@code :parameters}, each bound as data, never spliced.
 *
 * <p>The SQL may hold several statements separated by {@code ;}. They are prepared as one
 * PreparedStatement: pgjdbc splits it itself (respecting string literals, {@code E''} escapes, quoted
 * identifiers, dollar quotes and nested comments) and sends every statement, each with its own bound
 * parameters, in one round trip. That is why the rows are counted by walking every result: {@code
 * executeUpdate} would report only the first statement's count.
 */
public final class SqlUpdater implements Updater {
  private final UpdaterSpec spec;
  private final SqlTemplate template;
  private final List<Parameter> placeholderParameters;

  /** @throws IllegalArgumentException when the spec has no SQL or the SQL uses an undeclared parameter */
  public SqlUpdater(UpdaterSpec spec) {
    this.spec = spec;
    this.template = SqlTemplate.parse(Objects.requireNonNull(spec.sql(), "updater " + spec.name() + " has no sql"));
    this.placeholderParameters = resolvePlaceholders(spec, template);
  }

  /** The declared parameter behind each {@code ?}, resolved once at load. */
  private static List<Parameter> resolvePlaceholders(UpdaterSpec spec, SqlTemplate template) {
    List<Parameter> parameters = new ArrayList<>(template.placeholders().size());
    for (String name : template.placeholders()) {
      parameters.add(spec.parameter(name).orElseThrow(() -> new IllegalArgumentException(
          "updater " + spec.name() + ": sql uses :" + name + ", which is not a declared parameter")));
    }
    return List.copyOf(parameters);
  }

  @Override
  public UpdaterSpec spec() {
    return spec;
  }

  @Override
  public long apply(Connection transaction, Map<String, Object> parameters) throws SQLException {
    try (PreparedStatement statement = transaction.prepareStatement(template.jdbcSql())) {
      for (int i = 0; i < placeholderParameters.size(); i++) {
        Parameter parameter = placeholderParameters.get(i);
        parameter.type().bind(statement, i + 1, parameters.get(parameter.name()));
      }
      return executeAndCountRows(statement);
    }
  }

  /** The sum of every statement's update count; statements that return rows (a select) count nothing. */
  private static long executeAndCountRows(PreparedStatement statement) throws SQLException {
    long rows = 0;
    boolean resultSet = statement.execute();
    while (true) {
      if (!resultSet) {
        long count = statement.getLargeUpdateCount();
        if (count == -1) {
          return rows;
        }
        rows += count;
      }
      resultSet = statement.getMoreResults();
    }
  }
}
