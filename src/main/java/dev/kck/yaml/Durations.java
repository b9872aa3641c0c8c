package dev.kck.yaml;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in KCK files: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the accepted forms when the text is not one of them
   */
  public static Duration parse(String text) {
    Matcher matcher = FORMAT.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("expected a duration like 500ms, 30s, 10m, 2h or 1d, got '" + text + "'");
    }
    try {
      return Duration.of(Long.parseLong(matcher.group(1)), unit(matcher.group(2)));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("duration '" + text + "' is too large");
    }
  }

  /** The shortest text {@link #parse} reads back as the same duration. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    for (String unit : new String[] {"d", "h", "m", "s"}) {
      long size = unit(unit).getDuration().toMillis();
      if (millis != 0 && millis % size == 0) {
        return millis / size + unit;
      }
    }
    return millis + "ms";
  }

  private static ChronoUnit unit(String suffix) {
    return switch (suffix) {
      case "ms" -> ChronoUnit.MILLIS;
      case "s" -> ChronoUnit.SECONDS;
      case "m" -> ChronoUnit.MINUTES;
      case "h" -> ChronoUnit.HOURS;
      case "d" -> ChronoUnit.DAYS;
      default -> throw new IllegalArgumentException(suffix);
    };
  }
}
