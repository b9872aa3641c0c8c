package dev.kck.typegen;

import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.product.SqlPrimer;
import dev.kck.update.Updater;
import dev.kck.update.UpdaterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Writes the TypeScript declarations {@code @kck/client} and {@code @kck/react} are typed by, in the
 * format of clients/typescript/TYPEGEN.md: every product's parameters and value shape, every
 * updater's body. A SQL primer's value shape comes from its query's result metadata, which the
 * database describes without running it; a Java primer's value is {@code unknown}.
 */
public final class TypeScriptTypes {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  private final ProductRegistry products;
  private final UpdaterRegistry updaters;
  private final DataSource source;

  public TypeScriptTypes(ProductRegistry products, UpdaterRegistry updaters, DataSource source) {
    this.products = products;
    this.updaters = updaters;
    this.source = source;
  }

  /** The whole file; {@code firstLine} is its opening comment's text. */
  public String write(String firstLine) throws SQLException {
    StringBuilder out = new StringBuilder();
    out.append("// ").append(firstLine).append('\n');
    out.append("import '@kck/client';\n\n");
    out.append("declare module '@kck/client' {\n");
    out.append("  interface KckProducts {\n");
    try (Connection connection = source.getConnection()) {
      for (Primer primer : sorted(products.all())) {
        product(out, primer, connection);
      }
    }
    out.append("  }\n\n");
    out.append("  interface KckUpdaters {\n");
    updaters.all().stream().sorted(Comparator.comparing(u -> u.spec().name())).forEach(u -> updater(out, u));
    out.append("  }\n");
    out.append("}\n");
    return out.toString();
  }

  private static List<Primer> sorted(Collection<Primer> primers) {
    List<Primer> all = new ArrayList<>(primers);
    all.sort(Comparator.comparing(p -> p.spec().name()));
    return all;
  }

  private void product(StringBuilder out, Primer primer, Connection connection) throws SQLException {
    ProductSpec spec = primer.spec();
    String description = spec.description().strip().replaceAll("\\s+", " ").replace("*/", "*\\/");
    if (!description.isEmpty()) {
      out.append("    /** ").append(description).append(" */\n");
    }
    out.append("    ").append(spec.name()).append(": {\n");
    out.append("      params: [").append(keyParams(spec.parameters())).append("];\n");
    out.append("      value: ").append(value(primer, connection)).append(";\n");
    out.append("    };\n");
  }

  private static String keyParams(List<Parameter> parameters) {
    List<String> labelled = new ArrayList<>();
    for (Parameter parameter : parameters) {
      labelled.add(parameter.name() + ": " + keyType(parameter.type()));
    }
    return String.join(", ", labelled);
  }

  private static String keyType(ParamType type) {
    return switch (type) {
      case INT, LONG -> "number";
      case BOOL -> "boolean";
      default -> "string";
    };
  }

  private static String value(Primer primer, Connection connection) throws SQLException {
    if (!(primer instanceof SqlPrimer sql)) {
      return "unknown";
    }
    try (PreparedStatement statement = connection.prepareStatement(sql.jdbcSql())) {
      ResultSetMetaData meta = statement.getMetaData();
      return switch (sql.result()) {
        case OBJECT -> row(meta);
        case LIST -> row(meta) + "[]";
        case VALUE -> ColumnTypes.base(meta.getColumnTypeName(1)) + " | null";
        case VALUES -> array(ColumnTypes.of(meta, 1));
      };
    }
  }

  private static String row(ResultSetMetaData meta) throws SQLException {
    List<String> members = new ArrayList<>();
    for (int column = 1; column <= meta.getColumnCount(); column++) {
      members.add(name(meta.getColumnLabel(column)) + ": " + ColumnTypes.of(meta, column));
    }
    return "{ " + String.join("; ", members) + " }";
  }

  private static String array(String element) {
    return (element.contains(" ") ? "(" + element + ")" : element) + "[]";
  }

  private static String name(String label) {
    return IDENTIFIER.matcher(label).matches() ? label : '"' + label.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static void updater(StringBuilder out, Updater updater) {
    List<String> members = new ArrayList<>();
    for (Parameter parameter : updater.spec().parameters()) {
      String type = bodyType(parameter.type());
      if (parameter.isClaimBound()) {
        members.add(parameter.name() + "?: " + type);
      } else if (!parameter.required()) {
        members.add(parameter.name() + "?: " + type + " | null");
      } else {
        members.add(parameter.name() + ": " + type);
      }
    }
    out.append("    ").append(updater.spec().name()).append(": {\n");
    out.append("      params: ").append(members.isEmpty() ? "{}" : "{ " + String.join("; ", members) + " }").append(";\n");
    out.append("    };\n");
  }

  private static String bodyType(ParamType type) {
    return switch (type) {
      case INT, LONG -> "number";
      case DECIMAL -> "string | number";
      case BOOL -> "boolean";
      default -> "string";
    };
  }
}
