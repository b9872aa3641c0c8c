package dev.kck.product;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/** The parameter types a product or updater may declare, each with its text and JDBC forms. */
public enum ParamType {
  STRING, INT, LONG, DECIMAL, BOOL, DATE, TIMESTAMP, UUID;

  /** The name used in YAML files ({@code int}, {@code timestamp}, ...). */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named in a YAML file, or null when there is none by that name. */
  public static ParamType fromYaml(String name) {
    for (ParamType type : values()) {
      if (type.yamlName().equals(name)) {
        return type;
      }
    }
    return null;
  }

  /**
   * Parses a key segment or a JSON string into this type's Java value.
   *
   * @throws IllegalArgumentException with a message fit for a client when the text does not parse
   */
  public Object parse(String text) {
    try {
      return switch (this) {
        case STRING -> requireNoNul(text);
        case INT -> Integer.valueOf(text);
        case LONG -> Long.valueOf(text);
        case DECIMAL -> parseDecimal(text);
        case BOOL -> parseBool(text);
        case DATE -> LocalDate.parse(text);
        case TIMESTAMP -> OffsetDateTime.parse(text);
        case UUID -> java.util.UUID.fromString(text);
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("expected " + describe() + ", got '" + text + "'");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected " + describe() + ", got '" + text + "'");
    }
  }

  /** The canonical text of a parsed value: the form used in keys. */
  public String format(Object value) {
    return switch (this) {
      case DECIMAL -> ((BigDecimal) value).toPlainString();
      default -> value.toString();
    };
  }

  /** Binds a parsed value (or null) to a statement parameter, always as data. */
  public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, sqlType());
      return;
    }
    switch (this) {
      case STRING -> statement.setString(index, (String) value);
      case INT -> statement.setInt(index, (Integer) value);
      case LONG -> statement.setLong(index, (Long) value);
      case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
      case BOOL -> statement.setBoolean(index, (Boolean) value);
      case DATE, TIMESTAMP, UUID -> statement.setObject(index, value);
    }
  }

  private int sqlType() {
    return switch (this) {
      case STRING -> Types.VARCHAR;
      case INT -> Types.INTEGER;
      case LONG -> Types.BIGINT;
      case DECIMAL -> Types.NUMERIC;
      case BOOL -> Types.BOOLEAN;
      case DATE -> Types.DATE;
      case TIMESTAMP -> Types.TIMESTAMP_WITH_TIMEZONE;
      case UUID -> Types.OTHER;
    };
  }

  private String describe() {
    return switch (this) {
      case STRING -> "a string";
      case INT -> "an int";
      case LONG -> "a long";
      case DECIMAL -> "a decimal number";
      case BOOL -> "true or false";
      case DATE -> "a date (YYYY-MM-DD)";
      case TIMESTAMP -> "a timestamp with offset (2026-11-21T10:00:00Z)";
      case UUID -> "a UUID";
    };
  }

  /** PostgreSQL text cannot hold U+0000, so such a value could never be bound as data. */
  private static String requireNoNul(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a string without NUL characters");
    }
    return text;
  }

  /**
   * PostgreSQL's numeric holds at most 131072 digits before the point and 16383 after. Refusing more
   * here matters beyond the database: {@code 1e999999999} is eleven characters, yet its canonical text
   * ({@link #format}, used in keys) would be a billion digits.
   */
  private static BigDecimal parseDecimal(String text) {
    BigDecimal value = new BigDecimal(text);
    if (value.scale() > 16_383 || value.precision() - value.scale() > 131_072) {
      throw new IllegalArgumentException("out of the range of PostgreSQL's numeric");
    }
    return value;
  }

  private static Boolean parseBool(String text) {
    return switch (text) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException(text);
    };
  }
}
