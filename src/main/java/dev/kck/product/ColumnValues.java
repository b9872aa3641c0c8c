package dev.kck.product;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.postgresql.util.PGobject;

/** Turns JDBC column values into plain values that Jackson writes as the JSON users expect. */
final class ColumnValues {
  private final ObjectMapper mapper;

  ColumnValues(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The value of a column: numbers stay numbers, times become ISO-8601 text, json stays json. */
  Object read(ResultSet rows, int column) throws SQLException {
    // pgjdbc reports timestamptz as Types.TIMESTAMP too; the type name tells them apart.
    Object value = switch (rows.getMetaData().getColumnTypeName(column)) {
      case "date" -> rows.getObject(column, java.time.LocalDate.class);
      case "timestamp" -> rows.getObject(column, java.time.LocalDateTime.class);
      case "timestamptz" -> rows.getObject(column, java.time.OffsetDateTime.class);
      case "time" -> rows.getObject(column, java.time.LocalTime.class);
      default -> rows.getObject(column);
    };
    return rows.wasNull() ? null : plain(value);
  }

  private Object plain(Object value) throws SQLException {
    if (value instanceof java.time.OffsetDateTime time) {
      return time.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
    if (value instanceof java.time.temporal.TemporalAccessor || value instanceof java.util.UUID) {
      return value.toString();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant().toString();
    }
    if (value instanceof PGobject object) {
      return json(object);
    }
    if (value instanceof Array array) {
      return list(array.getArray());
    }
    return value;
  }

  private Object json(PGobject object) {
    if (object.getValue() == null) {
      return null;
    }
    if ("json".equals(object.getType()) || "jsonb".equals(object.getType())) {
      try {
        return mapper.readTree(object.getValue());
      } catch (IOException e) {
        return object.getValue();
      }
    }
    return object.getValue();
  }

  private List<Object> list(Object array) throws SQLException {
    List<Object> items = new ArrayList<>();
    for (Object item : Arrays.asList((Object[]) array)) {
      items.add(item == null ? null : plain(item));
    }
    return items;
  }
}
