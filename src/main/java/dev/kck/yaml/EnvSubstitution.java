package dev.kck.yaml;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in scalar values. As in a POSIX shell, the
 * default applies when the variable is unset or empty. It runs on each scalar as it is read (not on the
 * raw text), so a value that spans lines or contains a colon keeps its YAML meaning and its line.
 */
public final class EnvSubstitution {
  /** For product and updater files: their SQL is taken literally, never filled from the environment. */
  public static final EnvSubstitution NONE = new EnvSubstitution(null);

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> env;

  public EnvSubstitution(Map<String, String> env) {
    this.env = env;
  }

  /** The text with every reference replaced; each unset variable or malformed reference goes to problems. */
  public String apply(String text, Consumer<String> problems) {
    if (env == null || !text.contains("${")) {
      return text;
    }
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    int literalStart = 0;
    while (matcher.find()) {
      checkLiteral(text.substring(literalStart, matcher.start()), problems);
      out.append(text, literalStart, matcher.start()).append(resolve(matcher, problems));
      literalStart = matcher.end();
    }
    checkLiteral(text.substring(literalStart), problems);
    return out.append(text, literalStart, text.length()).toString();
  }

  private String resolve(Matcher reference, Consumer<String> problems) {
    String name = reference.group(1);
    String fallback = reference.group(2);
    String value = env.get(name);
    if (fallback != null && (value == null || value.isEmpty())) {
      return fallback;
    }
    if (value == null) {
      problems.accept("environment variable " + name + " is not set and ${" + name + "} has no default");
      return "";
    }
    return value;
  }

  private static void checkLiteral(String literal, Consumer<String> problems) {
    if (literal.contains("${")) {
      // The text around it is not echoed: it may be a password.
      problems.accept("malformed ${...} reference: write ${NAME} or ${NAME:-default}");
    }
  }
}
