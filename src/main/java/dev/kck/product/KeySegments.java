package dev.kck.product;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Key text: {@code /}-separated segments, each percent-decoded exactly once, so a value holding
 * {@code /} is written {@code %2F}. Canonical keys encode every character outside RFC 3986's
 * path-segment set.
 */
public final class KeySegments {
  private static final String SAFE = "-._~!$&'()*+,;=:@";

  private KeySegments() {}

  /** Splits raw (still percent-encoded) key text into decoded segments. */
  public static List<String> split(String rawKey) {
    List<String> segments = new ArrayList<>();
    int start = 0;
    while (true) {
      int slash = rawKey.indexOf('/', start);
      String raw = slash < 0 ? rawKey.substring(start) : rawKey.substring(start, slash);
      segments.add(decode(raw));
      if (slash < 0) {
        return segments;
      }
      start = slash + 1;
    }
  }

  /** Percent-encodes one segment for canonical key text. */
  public static String encode(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (isUnreserved(c)) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SAFE.indexOf(c) >= 0;
  }

  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) != '%') {
        int next = raw.indexOf('%', i);
        int end = next < 0 ? raw.length() : next;
        bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
        continue;
      }
      if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
        throw new IllegalArgumentException("bad percent-encoding in key segment '" + raw + "'");
      }
      bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
      i += 2;
    }
    return strictUtf8(bytes.toByteArray(), raw);
  }

  private static String strictUtf8(byte[] bytes, String raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("key segment '" + raw + "' is not UTF-8");
    }
  }
}
