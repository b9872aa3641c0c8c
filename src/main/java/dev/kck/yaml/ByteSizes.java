package dev.kck.yaml;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as written in KCK files: a byte count, or {@code 512KB}, {@code 64MB}, {@code 1GB} (1024-based). */
public final class ByteSizes {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)?", Pattern.CASE_INSENSITIVE);

  private ByteSizes() {}

  /**
   * Parses a size into bytes.
   *
   * @throws IllegalArgumentException naming the accepted forms when the text is not one of them
   */
  public static long parse(String text) {
    Matcher matcher = FORMAT.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("expected a size like 1048576, 512KB, 64MB or 1GB, got '" + text + "'");
    }
    String unit = matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT);
    try {
      return Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier(unit));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("size '" + text + "' is too large");
    }
  }

  private static long multiplier(String unit) {
    return switch (unit) {
      case "B" -> 1L;
      case "KB" -> 1L << 10;
      case "MB" -> 1L << 20;
      case "GB" -> 1L << 30;
      case "TB" -> 1L << 40;
      default -> throw new IllegalArgumentException(unit);
    };
  }
}
