package dev.kck.http;

/** RFC 9110 §13.1.2 If-None-Match evaluation: weak comparison, lists and {@code *}. */
final class Conditional {
  private Conditional() {}

  /** True when the header matches the current strong ETag (so the answer is 304). */
  static boolean noneMatchFails(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    String opaque = opaque(etag);
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || (!tag.isEmpty() && opaque(tag).equals(opaque))) {
        return true;
      }
    }
    return false;
  }

  /** True when an If-Match header matches the current strong ETag (strong comparison). */
  static boolean matches(String ifMatch, String etag) {
    for (String candidate : ifMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** The tag without a weakness indicator: weak comparison ignores {@code W/}. */
  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
