package dev.kck.kernel;

/**
 * A small direct-mapped table from texts to values, for the hot path: a lookup hashes at most the
 * last {@value #TAIL} characters and compares the whole text once, with no lock, no allocation and
 * no bookkeeping, where a Caffeine lookup (a full hash, a read-buffer entry, a ticker read) cost
 * several times as much. Each text has one slot; a text that takes the slot of another pushes it
 * out, so a miss is normal and the caller falls back to its real cache. Values must be immutable:
 * a slot is read and written without synchronisation, and a reader sees either entry whole.
 */
public final class RecentTexts<V> {
  /** Enough of a key or a token's end to tell texts apart: a JWT ends in its random signature. */
  static final int TAIL = 16;

  private record Slot<V>(String text, V value) {}

  private final Slot<V>[] slots;
  private final int mask;
  private final int maxLength;

  /**
   * @param size the number of slots, a power of two
   * @param maxLength texts longer than this are never kept, which bounds the table's memory
   */
  @SuppressWarnings("unchecked")
  public RecentTexts(int size, int maxLength) {
    if (Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("the size must be a power of two: " + size);
    }
    this.slots = (Slot<V>[]) new Slot<?>[size];
    this.mask = size - 1;
    this.maxLength = maxLength;
  }

  /** The value kept for exactly this text, or null. */
  public V get(String text) {
    Slot<V> slot = slots[index(text)];
    return slot != null && slot.text.equals(text) ? slot.value : null;
  }

  public void put(String text, V value) {
    if (text.length() <= maxLength) {
      slots[index(text)] = new Slot<>(text, value);
    }
  }


  private int index(String text) {
    int hash = 0;
    for (int i = Math.max(0, text.length() - TAIL); i < text.length(); i++) {
      hash = 31 * hash + text.charAt(i);
    }
    return (hash ^ hash >>> 16) & mask;
  }
}
