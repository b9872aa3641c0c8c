package dev.kck.http;

import java.util.Locale;

/**
 * RFC 9110 §12.5.1 negotiation for {@code /subscribe}, which has one representation: does the
 * {@code Accept} admit {@code text/event-stream}? No header admits anything; the most specific
 * range that matches decides, and {@code q=0} refuses.
 */
final class EventStreams {
  private EventStreams() {}

  static boolean accepted(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    double exact = -1;
    double text = -1;
    double any = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = quality(parts);
      switch (type) {
        case "text/event-stream" -> exact = Math.max(exact, q);
        case "text/*" -> text = Math.max(text, q);
        case "*/*", "*" -> any = Math.max(any, q);
        default -> { }
      }
    }
    double decisive = exact >= 0 ? exact : text >= 0 ? text : any;
    return decisive > 0;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      if (parameter.length() > 2 && (parameter.startsWith("q=") || parameter.startsWith("Q="))) {
        try {
          return Double.parseDouble(parameter.substring(2).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
