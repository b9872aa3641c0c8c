package dev.kck.product;

import java.util.Locale;

/** How a SQL primer turns rows into a value. */
public enum ResultMode {
  /** The first row as an object; no row means 404. */
  OBJECT,
  /** All rows as a list of objects, possibly empty. */
  LIST,
  /** The first column of the first row (null when there is no row). */
  VALUE,
  /** The first column of every row. */
  VALUES;

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named in a YAML file, or null when there is none by that name. */
  public static ResultMode fromYaml(String name) {
    for (ResultMode mode : values()) {
      if (mode.yamlName().equals(name)) {
        return mode;
      }
    }
    return null;
  }
}
