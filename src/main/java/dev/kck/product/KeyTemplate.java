package dev.kck.product;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A key with {@code :name} placeholders, such as {@code book/:book_id} in {@code depends_on} or an
 * updater's {@code refreshes}: a product and one segment per parameter, each a literal or a name.
 */
public record KeyTemplate(String text, String product, List<String> segments) {

  /** @throws IllegalArgumentException when a segment's percent-encoding is broken */
  public static KeyTemplate parse(String text) {
    List<String> parts = KeySegments.split(text);
    return new KeyTemplate(text, parts.get(0), List.copyOf(parts.subList(1, parts.size())));
  }

  /** The placeholder names the template uses. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (String segment : segments) {
      if (isPlaceholder(segment)) {
        names.add(segment.substring(1));
      }
    }
    return names;
  }

  /** The decoded segment texts with placeholders replaced by the given values' canonical text. */
  public List<String> expand(Map<String, String> values) {
    List<String> texts = new ArrayList<>(segments.size());
    for (String segment : segments) {
      texts.add(isPlaceholder(segment) ? values.get(segment.substring(1)) : segment);
    }
    return texts;
  }

  @Override
  public String toString() {
    return text;
  }

  private static boolean isPlaceholder(String segment) {
    return segment.length() > 1 && segment.charAt(0) == ':';
  }
}
