package dev.kck.typegen;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Set;

/**
 * The TypeScript type of a column of a primer's rows, as KCK writes it to JSON (clients/typescript/
 * TYPEGEN.md has the table): numbers, text, booleans, ISO dates and times as text, JSON as JSON.
 */
final class ColumnTypes {
  // pgjdbc names a column with a sequence default by its pseudo-type (bigserial), not its storage type.
  private static final Set<String> NUMBERS = Set.of("int2", "int4", "int8", "float4", "float8", "numeric", "oid",
      "smallserial", "serial", "bigserial");
  private static final Set<String> JSON = Set.of("json", "jsonb");

  private ColumnTypes() {}

  /** The column's type, with {@code | null} when the database says it may hold a null. */
  static String of(ResultSetMetaData meta, int column) throws SQLException {
    String type = base(meta.getColumnTypeName(column));
    return meta.isNullable(column) == ResultSetMetaData.columnNullable ? type + " | null" : type;
  }

  /** A PostgreSQL type name (arrays are {@code _elem}) as TypeScript. */
  static String base(String typeName) {
    if (typeName.startsWith("_")) {
      String element = base(typeName.substring(1));
      return (element.contains(" ") || element.contains("(") ? "(" + element + ")" : element) + "[]";
    }
    if (NUMBERS.contains(typeName)) {
      return "number";
    }
    if (typeName.equals("bool")) {
      return "boolean";
    }
    if (JSON.contains(typeName)) {
      return "import('@kck/client').JsonValue";
    }
    return "string";
  }
}
