package dev.kck.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kck.kernel.EntityTags;
import dev.kck.kernel.Json;
import dev.kck.store.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * A ready-to-send entry held by the L1: the ENTRY body's bytes, built once when the value arrives,
 * so a hit writes prepared bytes with no JSON work. The body ends in {@code "stale":false}}; the
 * rare stale answer swaps that tail.
 *
 * <p>The header values a hit sends (ETag, Last-Modified) are made once here too.
 */
public final class CachedEntry {
  private static final byte[] FRESH_TAIL = "\"stale\":false}".getBytes(StandardCharsets.US_ASCII);
  /**
   * RFC 9110's IMF-fixdate ({@code Thu, 05 Mar 2026 10:00:00 GMT}): two-digit days, unlike
   * {@link DateTimeFormatter#RFC_1123_DATE_TIME}.
   */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  private static final byte[] STALE_TAIL = "\"stale\":true}".getBytes(StandardCharsets.US_ASCII);

  private final String key;
  private final long version;
  private final Instant modified;
  private final Instant expiresAt;
  private final byte[] body;
  private final int valueStart;
  private final int valueEnd;
  private final String etag;
  private final String lastModified;
  /** What the HTTP layer prepared for this version (its header bytes); set once, racily and harmlessly. */
  private volatile Object prepared;
  /**
   * Served since {@link KeyUses} last looked: a hit reads it and writes it only when it was false,
   * so recording a use costs no allocation and at most one write per key between flushes.
   */
  private volatile boolean used;
  /** Set once the L1 no longer holds this entry (replaced, invalidated, evicted): see L1Cache's front. */
  private volatile boolean leftL1;
  /** Hits since the L1's cache last saw one (racy: a count for sampling, not a figure). */
  private int frontHits;

  /**
   * @param key canonical key text
   * @param version the value's version (the ETag)
   * @param modified when the value was computed
   * @param expiresAt when the store may drop it, as stored (null = never)
   * @param body the ENTRY JSON, with {@code "stale":false}
   * @param valueStart where the value's JSON starts in the body
   * @param valueEnd where it ends (exclusive)
   */
  CachedEntry(String key, long version, Instant modified, Instant expiresAt, byte[] body, int valueStart,
      int valueEnd) {
    this.key = key;
    this.version = version;
    this.modified = modified;
    this.expiresAt = expiresAt;
    this.body = body;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.etag = EntityTags.of(version);
    this.lastModified = HTTP_DATE.format(modified.atOffset(ZoneOffset.UTC));
  }

  public String key() {
    return key;
  }

  public long version() {
    return version;
  }

  public Instant modified() {
    return modified;
  }

  /** The modification time as an HTTP date, for {@code Last-Modified}. */
  public String lastModified() {
    return lastModified;
  }

  /** The ENTRY body with {@code stale} set as asked. */
  public byte[] body(boolean stale) {
    if (!stale) {
      return body;
    }
    int head = body.length - FRESH_TAIL.length;
    byte[] staleBody = Arrays.copyOf(body, head + STALE_TAIL.length);
    System.arraycopy(STALE_TAIL, 0, staleBody, head, STALE_TAIL.length);
    return staleBody;
  }

  /** The value's JSON bytes (a copy). */
  public byte[] value() {
    return Arrays.copyOfRange(body, valueStart, valueEnd);
  }

  /** The entry as the store holds it (for a compare-and-set against the store). */
  public StoredEntry stored() {
    return new StoredEntry(key, value(), version, modified, expiresAt);
  }

  /** What {@link #prepare} left here, or null: the HTTP layer's per-version header bytes. */
  public Object prepared() {
    return prepared;
  }

  /** Keeps the HTTP layer's prepared form of this version; two racing threads store equal forms. */
  public void prepare(Object form) {
    prepared = form;
  }

  /** Notes that this entry was served (for the store's least recently used order). */
  void markUsed() {
    if (!used) {
      used = true;
    }
  }

  void leaveL1() {
    leftL1 = true;
  }

  /** Held by the L1 again (the same object put back after it left). */
  void enterL1() {
    if (leftL1) {
      leftL1 = false;
    }
  }

  boolean leftL1() {
    return leftL1;
  }

  /** True on every {@code every}-th call (a power of two): when a front hit should be shown to Caffeine too. */
  boolean sampleFrontHit(int every) {
    return (frontHits++ & (every - 1)) == 0;
  }

  /** Whether it was served since the last call, clearing the mark. */
  boolean takeUse() {
    if (!used) {
      return false;
    }
    used = false;
    return true;
  }

  /** The strong entity tag of this version. */
  public String etag() {
    return etag;
  }

  /** Approximate heap bytes held, for the L1's byte bound. */
  int weight() {
    return body.length + key.length() * 2 + 96;
  }

  /** Builds the ENTRY body around a value's JSON bytes. */
  public static CachedEntry of(StoredEntry stored) {
    byte[] head = ("{\"key\":" + quote(stored.key()) + ",\"value\":").getBytes(StandardCharsets.UTF_8);
    byte[] tail = (",\"version\":" + stored.version() + ",\"modified\":\"" + stored.modified() + "\",")
        .getBytes(StandardCharsets.UTF_8);
    byte[] value = stored.value();
    byte[] body = new byte[head.length + value.length + tail.length + FRESH_TAIL.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(value, 0, body, head.length, value.length);
    System.arraycopy(tail, 0, body, head.length + value.length, tail.length);
    System.arraycopy(FRESH_TAIL, 0, body, head.length + value.length + tail.length, FRESH_TAIL.length);
    return new CachedEntry(stored.key(), stored.version(), stored.modified(), stored.expiresAt(), body, head.length,
        head.length + value.length);
  }

  private static String quote(String text) {
    try {
      return Json.MAPPER.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
