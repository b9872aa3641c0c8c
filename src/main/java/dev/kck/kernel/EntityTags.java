package dev.kck.kernel;

/**
 * RFC 9110 §13.1 comparisons of entity tags against a current strong ETag: {@code If-None-Match}
 * (weak comparison) and {@code If-Match} (strong comparison), both honouring lists and {@code *}.
 */
public final class EntityTags {
  private EntityTags() {}

  /** The strong ETag of a version: {@code "12"}. */
  public static String of(long version) {
    return "\"" + version + "\"";
  }

  /** True when an If-None-Match header matches the current ETag (so the answer is 304). */
  public static boolean noneMatchFails(String ifNoneMatch, String etag) {
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

  /** True when an If-Match header matches the current ETag (strong comparison). */
  public static boolean matches(String ifMatch, String etag) {
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
