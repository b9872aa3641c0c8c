package dev.kck.live;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * An {@link EventSink} for unit tests: a reading client completes every write at once; a stalled
 * one keeps each write in flight until the test completes it, as a client that does not read would.
 */
final class RecordingSink implements EventSink {
  private final StringBuilder written = new StringBuilder();
  private final Deque<Runnable> inFlight = new ArrayDeque<>();
  private volatile boolean stalled;
  private volatile boolean finished;
  private volatile boolean aborted;
  private int writes;

  static RecordingSink reading() {
    return new RecordingSink();
  }

  static RecordingSink stalled() {
    RecordingSink sink = new RecordingSink();
    sink.stalled = true;
    return sink;
  }

  @Override
  public synchronized void write(ByteBuffer bytes, Consumer<Throwable> done) {
    writes++;
    if (inFlight.size() > 0) {
      throw new AssertionError("a second write started before the first completed");
    }
    String text = StandardCharsets.UTF_8.decode(bytes).toString();
    Runnable complete = () -> {
      synchronized (this) {
        written.append(text);
      }
      done.accept(null);
    };
    if (stalled) {
      inFlight.add(complete);
    } else {
      complete.run();
    }
  }

  /** Lets the write in flight complete (the client read it). */
  void completeOne() {
    Runnable next;
    synchronized (this) {
      next = inFlight.poll();
    }
    if (next != null) {
      next.run();
    }
  }

  /** From now on the client reads: completes what is in flight and every later write at once. */
  void startReading() {
    stalled = false;
    completeOne();
  }

  synchronized String text() {
    return written.toString();
  }

  synchronized int writes() {
    return writes;
  }

  synchronized boolean writing() {
    return !inFlight.isEmpty();
  }

  @Override
  public void finish() {
    finished = true;
  }

  @Override
  public void abort() {
    aborted = true;
  }

  boolean finished() {
    return finished;
  }

  boolean aborted() {
    return aborted;
  }
}
