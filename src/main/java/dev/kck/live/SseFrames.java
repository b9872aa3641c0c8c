package dev.kck.live;

import dev.kck.cache.CachedEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of Server-Sent Events. An {@code entry} event's {@code event:} and {@code data:} lines
 * are built once per version and shared by every stream that sends it; only the {@code id:} line,
 * which says what each client holds, is a stream's own.
 */
final class SseFrames {
  static final byte[] HEARTBEAT = ascii(": keep-alive\n\n");

  private SseFrames() {}

  /** {@code event: entry}, the ENTRY as {@code data:} (one line per line of it), and the blank line. */
  static byte[] entry(CachedEntry entry) {
    byte[] body = entry.body(false);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 32);
    out.writeBytes(ascii("event: entry\ndata: "));
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (b == '\r' || b == '\n') {
        if (b == '\r' && i + 1 < body.length && body[i + 1] == '\n') {
          i++;
        }
        out.writeBytes(ascii("\ndata: "));
      } else {
        out.write(b);
      }
    }
    out.writeBytes(ascii("\n\n"));
    return out.toByteArray();
  }

  static byte[] id(String id) {
    return ascii("id: " + id + "\n");
  }

  /** The last bytes of a stream: why it ends (a comment) and when to reconnect. */
  static byte[] goodbye(String reason, long retryMillis) {
    return ascii(": " + reason + "\nretry: " + retryMillis + "\n\n");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
