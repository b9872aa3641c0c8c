package dev.kck.live;

/**
 * A stream's place, taken within the limits by {@link Subscriptions#reserveStream} and given back
 * when the stream ends, or by {@link #release} when it never opens.
 */
public final class StreamPlace {
  private final String holder;
  private final Admission places;
  private boolean settled;

  StreamPlace(String holder, Admission places) {
    this.holder = holder;
    this.places = places;
  }

  String holder() {
    return holder;
  }

  /** Marks the place as used by an open stream, whose end gives it back. */
  synchronized void use() {
    if (settled) {
      throw new IllegalStateException("this place was used or given back");
    }
    settled = true;
  }

  /** Gives the place back when the stream did not open; does nothing after it opened. */
  public synchronized void release() {
    if (!settled) {
      settled = true;
      places.give(holder);
    }
  }
}
