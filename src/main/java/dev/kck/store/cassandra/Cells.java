package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;

/**
 * Cells of a row that was read, or of the row a refused lightweight transaction returns. A
 * refusal names only the columns of its condition, and none at all when the row does not exist,
 * so a missing column reads as null like a null cell.
 */
final class Cells {
  private Cells() {}

  static Long longOrNull(Row row, String column) {
    return isAbsent(row, column) ? null : row.getLong(column);
  }

  static Instant instantOrNull(Row row, String column) {
    return isAbsent(row, column) ? null : row.getInstant(column);
  }

  static String textOrNull(Row row, String column) {
    return isAbsent(row, column) ? null : row.getString(column);
  }

  private static boolean isAbsent(Row row, String column) {
    return row == null || !row.getColumnDefinitions().contains(column) || row.isNull(column);
  }
}
