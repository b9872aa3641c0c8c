package dev.kck.store.postgres;

import dev.kck.store.KeyIndex;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The key index of the postgres store: a product's keys come from the {@code entries} table itself
 * (its generated {@code product} column is indexed), and recorded dependencies from {@code
 * dependencies}.
 */
final class PostgresKeyIndex implements KeyIndex {
  private static final String KEYS_OF = """
      select key
      from {schema}.entries
      where product = ? and (expires_at is null or expires_at > now())
      limit ?
      """;

  // The conflict target names the unique index's expressions (see PostgresSchema).
  private static final String ADD_DEPENDENCY = """
      insert into {schema}.dependencies (dependency, dependent)
      values (?, ?)
      on conflict (dependency, md5(dependent)) do nothing
      """;

  private static final String DEPENDENTS_OF = """
      select dependent from {schema}.dependencies where dependency = ?
      """;

  private final Jdbc jdbc;
  private final String keysOf;
  private final String addDependency;
  private final String dependentsOf;

  PostgresKeyIndex(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.keysOf = PostgresSchema.sql(KEYS_OF, quotedSchema);
    this.addDependency = PostgresSchema.sql(ADD_DEPENDENCY, quotedSchema);
    this.dependentsOf = PostgresSchema.sql(DEPENDENTS_OF, quotedSchema);
  }

  @Override
  public List<String> keysOf(String product, int limit) {
    return jdbc.run("list keys", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(keysOf)) {
        statement.setString(1, product);
        statement.setInt(2, limit);
        return strings(statement, new ArrayList<>());
      }
    });
  }

  @Override
  public void addDependency(String dependency, String dependent) {
    jdbc.update("record a dependency", addDependency, dependency, dependent);
  }

  @Override
  public Set<String> dependentsOf(String dependency) {
    return jdbc.run("list dependents", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(dependentsOf)) {
        statement.setString(1, dependency);
        return strings(statement, new HashSet<>());
      }
    });
  }

  /** Adds the first column of every row to {@code into}. */
  private static <C extends Collection<String>> C strings(PreparedStatement statement, C into)
      throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        into.add(rows.getString(1));
      }
    }
    return into;
  }
}
