package dev.kck.product;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * SQL with named {@code :parameters}, turned into JDBC SQL with {@code ?} placeholders so that every
 * value is bound, never spliced. {@code ::type} casts, and colons inside string literals, quoted
 * identifiers, dollar-quoted strings and comments, are not parameters.
 *
 * @param jdbcSql the SQL to prepare
 * @param placeholders parameter names, one per {@code ?}, in order (a name may repeat)
 */
public record SqlTemplate(String jdbcSql, List<String> placeholders) {

  public SqlTemplate {
    placeholders = List.copyOf(placeholders);
  }

  /** The distinct parameter names the SQL uses. */
  public Set<String> names() {
    return new LinkedHashSet<>(placeholders);
  }

  /** Parses SQL text. Never fails: unknown names are the caller's to check against declarations. */
  public static SqlTemplate parse(String sql) {
    return new Scanner(sql).scan();
  }

  private static final class Scanner {
    private final String sql;
    private final StringBuilder out = new StringBuilder();
    private final List<String> names = new ArrayList<>();
    private int pos;

    Scanner(String sql) {
      this.sql = sql;
    }

    SqlTemplate scan() {
      while (pos < sql.length()) {
        char c = sql.charAt(pos);
        if ((c == 'E' || c == 'e') && peek(1) == '\'' && !isNamePart(peek(-1))) {
          copyEscapeString();
        } else if (c == '\'' || c == '"') {
          copyQuoted(c);
        } else if (c == '-' && peek(1) == '-') {
          copyUntil("\n");
        } else if (c == '/' && peek(1) == '*') {
          copyBlockComment();
        } else if (c == '$' && dollarTag() != null) {
          copyDollarQuoted(dollarTag());
        } else if (c == ':' && peek(1) == ':') {
          out.append("::");
          pos += 2;
        } else if (c == ':' && isNameStart(peek(1))) {
          readParameter();
        } else if (c == '?') {
          out.append("??"); // pgjdbc reads a lone ? as a placeholder; ?? is a literal ?
          pos++;
        } else {
          out.append(c);
          pos++;
        }
      }
      return new SqlTemplate(out.toString(), names);
    }

    private char peek(int offset) {
      int index = pos + offset;
      return index >= 0 && index < sql.length() ? sql.charAt(index) : '\0';
    }

    /** {@code E'...'}: a backslash escapes the next character; a doubled quote is a quote too. */
    private void copyEscapeString() {
      int end = pos + 2;
      while (end < sql.length()) {
        char c = sql.charAt(end);
        if (c == '\\' || c == '\'' && end + 1 < sql.length() && sql.charAt(end + 1) == '\'') {
          end += 2;
        } else if (c == '\'') {
          break;
        } else {
          end++;
        }
      }
      copyTo(Math.min(end + 1, sql.length()));
    }

    /** {@code /* ... *}{@code /}, which PostgreSQL lets nest. */
    private void copyBlockComment() {
      int depth = 0;
      int end = pos;
      while (end < sql.length()) {
        if (sql.startsWith("/*", end)) {
          depth++;
          end += 2;
        } else if (sql.startsWith("*/", end)) {
          depth--;
          end += 2;
          if (depth == 0) {
            break;
          }
        } else {
          end++;
        }
      }
      copyTo(Math.min(end, sql.length()));
    }

    private void copyQuoted(char quote) {
      int end = pos + 1;
      while (end < sql.length()) {
        if (sql.charAt(end) == quote) {
          if (end + 1 < sql.length() && sql.charAt(end + 1) == quote) {
            end += 2; // doubled quote inside the literal
            continue;
          }
          break;
        }
        end++;
      }
      copyTo(Math.min(end + 1, sql.length()));
    }

    private void copyUntil(String terminator) {
      int end = sql.indexOf(terminator, pos + 2);
      copyTo(end < 0 ? sql.length() : end + terminator.length());
    }

    /** The dollar-quote tag starting at pos ({@code $$} or {@code $tag$}), or null. */
    private String dollarTag() {
      int end = pos + 1;
      while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
        end++;
      }
      if (end < sql.length() && sql.charAt(end) == '$' && (end == pos + 1 || !Character.isDigit(sql.charAt(pos + 1)))) {
        return sql.substring(pos, end + 1);
      }
      return null;
    }

    private void copyDollarQuoted(String tag) {
      int end = sql.indexOf(tag, pos + tag.length());
      copyTo(end < 0 ? sql.length() : end + tag.length());
    }

    private void readParameter() {
      int end = pos + 1;
      while (end < sql.length() && isNamePart(sql.charAt(end))) {
        end++;
      }
      names.add(sql.substring(pos + 1, end));
      out.append('?');
      pos = end;
    }

    private void copyTo(int end) {
      out.append(sql, pos, end);
      pos = end;
    }

    private static boolean isNameStart(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
      return isNameStart(c) || (c >= '0' && c <= '9');
    }
  }
}
