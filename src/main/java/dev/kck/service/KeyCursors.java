package dev.kck.service;

import dev.kck.kernel.KckException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code limit} and {@code after} of {@code GET /admin/keys}. A cursor is the last key of the
 * page before, in URL-safe base64: opaque to clients (they pass it back as given), and stable,
 * since pages follow the keys' own order.
 */
final class KeyCursors {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private KeyCursors() {}

  static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new KckException.BadRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'",
        "limit");
  }

  static String encode(String lastKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
  }

  /** The key the cursor names, or null for none (the first page). */
  static String decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor);
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new KckException.BadRequest("after is not a cursor this API gave", "after");
    }
  }
}
