package dev.kck.store.cassandra;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * The fixed buckets of the key index ({@code keys_by_bucket}): a product's keys are spread over
 * {@value #COUNT} partitions, so no partition grows with the product beyond a share of it, and
 * every read of "all keys of a product" knows exactly which partitions to read.
 */
final class KeyBuckets {
  /**
   * Fixed for the life of a keyspace: a key's row is found only in the bucket it was written to, so
   * changing this would strand every row written before.
   */
  static final int COUNT = 32;

  /** Every bucket, for a read across all of them ({@code bucket IN ?}). */
  static final List<Integer> ALL = IntStream.range(0, COUNT).boxed().toList();

  /**
   * Cassandra's order of text clustering columns: their UTF-8 bytes, which is the order of code
   * points. {@link String#compareTo} compares UTF-16 units and differs past U+FFFF, so pages
   * merged in code use this.
   */
  static final Comparator<String> BYTE_ORDER = KeyBuckets::compareCodePoints;

  private KeyBuckets() {}

  /** The key's bucket: a hash every instance and every version of KCK computes alike (CRC-32 of UTF-8). */
  static int of(String key) {
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % COUNT);
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
