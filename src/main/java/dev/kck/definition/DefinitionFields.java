package dev.kck.definition;

import dev.kck.product.Access;
import dev.kck.product.KeyTemplate;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import dev.kck.product.SqlTemplate;
import dev.kck.yaml.ProblemList;
import dev.kck.yaml.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The fields product and updater files share: name, parameters, SQL, access and key templates. */
final class DefinitionFields {
  private static final Pattern PARAMETER_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String TYPES =
      Arrays.stream(ParamType.values()).map(ParamType::yamlName).collect(Collectors.joining(", "));

  private DefinitionFields() {}

  /** The name field, defaulting to the file name without its extension; null when invalid. */
  static String name(Section s) {
    String fileName = s.file().getFileName().toString();
    String name = s.string("name", fileName.substring(0, fileName.lastIndexOf('.')));
    if (!ProductSpec.NAME.matcher(name).matches()) {
      String hint = s.has("name") ? "" : " (the name comes from the file name; set name: to choose another)";
      s.problem("name", "'" + name + "' must match " + ProductSpec.NAME.pattern() + hint);
      return null;
    }
    return name;
  }

  /** The parameters, in declared order; those with problems are left out (and reported). */
  static List<Parameter> parameters(Section s, boolean withRequired) {
    List<Parameter> parameters = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Section p : s.sections("parameters")) {
      String name = p.requiredString("name");
      String typeName = p.requiredString("type");
      String claim = p.string("claim", null);
      boolean required = withRequired ? p.bool("required", true) : true;
      p.finish();
      ParamType type = typeName == null ? null : ParamType.fromYaml(typeName);
      if (typeName != null && type == null) {
        p.problem("type", "unknown type '" + typeName + "' (known: " + TYPES + ")");
      }
      boolean nameOk = name != null && checkParameterName(p, name, seen);
      if (nameOk && type != null) {
        parameters.add(new Parameter(name, type, claim, required));
      }
    }
    return parameters;
  }

  private static boolean checkParameterName(Section p, String name, Set<String> seen) {
    if (!PARAMETER_NAME.matcher(name).matches()) {
      p.problem("name", "'" + name + "' must match " + PARAMETER_NAME.pattern());
      return false;
    }
    if (!seen.add(name)) {
      p.problem("name", "parameter '" + name + "' is declared twice");
      return false;
    }
    return true;
  }

  /** The SQL, from {@code sql} or from {@code sql_file} beside the YAML (exactly one); null when missing. */
  static String sql(Section s) {
    boolean inline = s.has("sql");
    boolean external = s.has("sql_file");
    if (inline == external) {
      s.problem(inline ? "sql_file" : "sql", inline ? "give sql or sql_file, not both" : "missing; give sql or sql_file");
      return null;
    }
    String sql = inline ? s.string("sql", null) : readSqlFile(s);
    if (sql != null && sql.isBlank()) {
      s.problem(inline ? "sql" : "sql_file", "the sql is empty");
      return null;
    }
    return sql;
  }

  private static String readSqlFile(Section s) {
    Path file = s.file().toAbsolutePath().getParent().resolve(s.string("sql_file", "")).normalize();
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      s.problem("sql_file", "cannot read " + ProblemList.display(file) + " (" + e.getClass().getSimpleName() + ")");
      return null;
    }
  }

  /** The field that holds the SQL, so that problems with it point at the right line. */
  static String sqlField(Section s) {
    return s.has("sql_file") && !s.has("sql") ? "sql_file" : "sql";
  }

  /**
   * Reports every :name the SQL uses that is not declared and, when asked (products), every declared one
   * it never uses. A claim-bound parameter may go unused: it ties each key to its caller (API.md's own
   * example declares member_id that way).
   */
  static void checkSqlNames(Section s, String sql, List<Parameter> parameters, boolean requireAllUsed) {
    Set<String> used = SqlTemplate.parse(sql).names();
    Set<String> declared = names(parameters);
    String field = sqlField(s);
    for (String name : used) {
      if (!declared.contains(name)) {
        s.problem(field, "sql uses :" + name + ", which is not a declared parameter");
      }
    }
    if (requireAllUsed) {
      for (Parameter parameter : parameters) {
        if (!used.contains(parameter.name()) && !parameter.isClaimBound()) {
          s.problem(field, "parameter '" + parameter.name() + "' is declared but the sql never uses :"
              + parameter.name() + " (keys differing only in it would hold the same value)");
        }
      }
    }
  }

  /** {@code public}, {@code authenticated} (the default) or {@code { scopes: [a, b] }}. */
  static Access access(Section s) {
    if (s.isMapping("access")) {
      Section mapping = s.section("access");
      List<String> scopes = mapping.strings("scopes", List.of());
      mapping.finish();
      if (scopes.isEmpty()) {
        mapping.problem("scopes", "name at least one scope (any one of them suffices)");
        return Access.AUTHENTICATED;
      }
      return new Access.Scopes(new LinkedHashSet<>(scopes));
    }
    String access = s.string("access", "authenticated");
    return switch (access) {
      case "public" -> Access.PUBLIC;
      case "authenticated" -> Access.AUTHENTICATED;
      default -> {
        s.problem("access", "expected public, authenticated or { scopes: [...] }, got '" + access + "'");
        yield Access.AUTHENTICATED;
      }
    };
  }

  /**
   * Key templates such as {@code book/:book_id}, parsed: a product name, then segments that are
   * literal values or {@code :name} references to declared parameters. Those with problems are
   * left out (and reported).
   */
  static List<KeyTemplate> keyTemplates(Section s, String key, List<Parameter> parameters) {
    List<KeyTemplate> templates = new ArrayList<>();
    Set<String> declared = names(parameters);
    for (String text : s.strings(key, List.of())) {
      KeyTemplate template = parseTemplate(s, key, text);
      if (template != null && checkTemplate(s, key, template, declared)) {
        templates.add(template);
      }
    }
    return templates;
  }

  private static KeyTemplate parseTemplate(Section s, String key, String text) {
    try {
      return KeyTemplate.parse(text);
    } catch (IllegalArgumentException e) {
      s.problem(key, "'" + text + "': " + e.getMessage());
      return null;
    }
  }

  private static boolean checkTemplate(Section s, String key, KeyTemplate template, Set<String> declared) {
    boolean ok = true;
    if (!ProductSpec.NAME.matcher(template.product()).matches()) {
      s.problem(key, "'" + template.text() + "' must start with a product name");
      ok = false;
    }
    for (String segment : template.segments()) {
      if (segment.isEmpty()) {
        s.problem(key, "'" + template.text() + "' has an empty segment");
        ok = false;
      } else if (segment.startsWith(":") && !declared.contains(segment.substring(1))) {
        s.problem(key, "'" + template.text() + "' uses " + segment + ", which is not a declared parameter");
        ok = false;
      }
    }
    return ok;
  }

  static Set<String> names(List<Parameter> parameters) {
    Set<String> names = new LinkedHashSet<>();
    parameters.forEach(parameter -> names.add(parameter.name()));
    return names;
  }
}
