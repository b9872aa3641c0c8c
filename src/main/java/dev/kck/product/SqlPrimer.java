package dev.kck.product;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kck.kernel.KckException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A primer declared in YAML: one SQL query whose named parameters are bound from the key, never
 * spliced, and whose rows become the value according to the {@link ResultMode}.
 */
public final class SqlPrimer implements Primer {
  private final ProductSpec spec;
  private final SqlTemplate template;
  private final ResultMode result;
  private final int[] placeholderParameters;
  private final ColumnValues columns;

  public SqlPrimer(ProductSpec spec, String sql, ResultMode result, ObjectMapper mapper) {
    this.spec = spec;
    this.template = SqlTemplate.parse(sql);
    this.result = result;
    this.placeholderParameters = indexPlaceholders(spec, template);
    this.columns = new ColumnValues(mapper);
  }

  /** The index of the declared parameter behind each {@code ?}, checked once at load. */
  private static int[] indexPlaceholders(ProductSpec spec, SqlTemplate template) {
    List<String> declared = spec.parameters().stream().map(Parameter::name).toList();
    int[] indexes = new int[template.placeholders().size()];
    for (int i = 0; i < indexes.length; i++) {
      String name = template.placeholders().get(i);
      indexes[i] = declared.indexOf(name);
      if (indexes[i] < 0) {
        throw new IllegalArgumentException("sql uses :" + name + ", which is not a declared parameter");
      }
    }
    return indexes;
  }

  @Override
  public ProductSpec spec() {
    return spec;
  }

  /** The SQL as prepared, with a {@code ?} for each parameter. */
  public String jdbcSql() {
    return template.jdbcSql();
  }

  public ResultMode result() {
    return result;
  }

  @Override
  public Object compute(Key key, PrimerContext context) throws SQLException {
    try (Connection connection = context.source().getConnection();
        PreparedStatement statement = connection.prepareStatement(template.jdbcSql())) {
      bind(statement, key);
      try (ResultSet rows = statement.executeQuery()) {
        return shape(rows, key);
      }
    }
  }

  private void bind(PreparedStatement statement, Key key) throws SQLException {
    for (int i = 0; i < placeholderParameters.length; i++) {
      int parameter = placeholderParameters[i];
      spec.parameters().get(parameter).type().bind(statement, i + 1, key.values().get(parameter));
    }
  }

  private Object shape(ResultSet rows, Key key) throws SQLException {
    return switch (result) {
      case OBJECT -> {
        if (!rows.next()) {
          throw new KckException.NotFound("no value for key " + key.text());
        }
        yield row(rows);
      }
      case LIST -> {
        List<Object> list = new ArrayList<>();
        while (rows.next()) {
          list.add(row(rows));
        }
        yield list;
      }
      case VALUE -> rows.next() ? columns.read(rows, 1) : null;
      case VALUES -> {
        List<Object> values = new ArrayList<>();
        while (rows.next()) {
          values.add(columns.read(rows, 1));
        }
        yield values;
      }
    };
  }

  private Map<String, Object> row(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    Map<String, Object> row = new LinkedHashMap<>();
    for (int column = 1; column <= meta.getColumnCount(); column++) {
      row.put(meta.getColumnLabel(column), columns.read(rows, column));
    }
    return row;
  }
}
