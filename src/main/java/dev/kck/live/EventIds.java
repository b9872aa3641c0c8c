package dev.kck.live;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code id} of a stream's events, which says what the client holds so that any instance can
 * resume the stream from it (no replay log, nothing kept per client). A multi-key stream's id is
 * {@code 1.} and, base64url, for every key the client has an entry of: 6 bytes of the key's hash and
 * its version as a varint; at most 100 keys make it about 1.3 KB. A one-key stream's id is the
 * version, in decimal, as it always was.
 */
final class EventIds {
  static final String PREFIX = "1.";
  private static final int HASH_BYTES = 6;
  private static final int LONGEST = 4096;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private EventIds() {}

  /** 48 bits of FNV-1a (64) over the key's UTF-8: what an id names a key by. */
  static long hash(String key) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash >>> (64 - 8 * HASH_BYTES);
  }

  /** The id of a multi-key stream whose client holds {@code versions[i]} of the key hashed {@code hashes[i]} (0 = none). */
  static String of(long[] hashes, long[] versions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(hashes.length * 10);
    for (int i = 0; i < hashes.length; i++) {
      if (versions[i] <= 0) {
        continue;
      }
      for (int shift = 8 * (HASH_BYTES - 1); shift >= 0; shift -= 8) {
        out.write((int) (hashes[i] >>> shift));
      }
      for (long v = versions[i]; ; v >>>= 7) {
        if ((v & ~0x7fL) == 0) {
          out.write((int) v);
          break;
        }
        out.write((int) (v & 0x7f) | 0x80);
      }
    }
    return PREFIX + ENCODER.encodeToString(out.toByteArray());
  }

  /**
   * The versions a {@code Last-Event-ID} says the client holds, by key hash; empty for an absent or
   * malformed id (the client then gets every key again, never too little). A decimal id, of a
   * one-key stream, comes back under the hash {@code -1}.
   */
  static Map<Long, Long> parse(String id) {
    Map<Long, Long> held = new HashMap<>();
    if (id == null || id.isEmpty() || id.length() > LONGEST) {
      return held;
    }
    if (id.chars().allMatch(c -> c >= '0' && c <= '9') && id.length() < 19) {
      held.put(-1L, Long.parseLong(id));
      return held;
    }
    if (!id.startsWith(PREFIX)) {
      return held;
    }
    try {
      return versions(DECODER.decode(id.substring(PREFIX.length())));
    } catch (IllegalArgumentException e) {
      return new HashMap<>();
    }
  }

  private static Map<Long, Long> versions(byte[] bytes) {
    Map<Long, Long> held = new HashMap<>();
    int at = 0;
    while (at < bytes.length) {
      if (at + HASH_BYTES >= bytes.length) {
        throw new IllegalArgumentException("truncated");
      }
      long hash = 0;
      for (int i = 0; i < HASH_BYTES; i++) {
        hash = hash << 8 | (bytes[at++] & 0xff);
      }
      long version = 0;
      for (int shift = 0; ; shift += 7) {
        if (at >= bytes.length || shift > 56) {
          throw new IllegalArgumentException("bad varint");
        }
        byte b = bytes[at++];
        version |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      held.put(hash, version);
    }
    return held;
  }
}
