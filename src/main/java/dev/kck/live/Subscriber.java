package dev.kck.live;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open stream: the versions its client holds, and a bounded queue of events written to its
 * {@link EventSink} one asynchronous write at a time. Whoever offers an event only queues it; the
 * writing runs on the send executor and then on the sink's completions, so no caller ever waits
 * on the client. A client that lets more than {@code sendBuffer} bytes pile up behind the write in
 * flight is dropped: its queue is emptied, it gets a {@code retry:} hint, and if even that cannot
 * be written within a grace period its connection is cut. An event is written whole or not at all,
 * so the id a client last saw never claims more than it got.
 */
final class Subscriber {

  /** Why a stream ends, with the reconnection delay its client is told. */
  enum Ending {
    SLOW("you read too slowly and were dropped; resume with Last-Event-ID", 5000),
    EXPIRED("your token expired; reconnect with a fresh one", 1000),
    STOPPING("this instance is stopping; reconnect", 2000),
    GONE("the client went away", 0);

    final String reason;
    final long retryMillis;

    Ending(String reason, long retryMillis) {
      this.reason = reason;
      this.retryMillis = retryMillis;
    }
  }

  private record Frame(byte[][] parts, long size) {
    static Frame of(byte[]... parts) {
      long size = 0;
      for (byte[] part : parts) {
        size += part.length;
      }
      return new Frame(parts, size);
    }
  }

  private final long id;
  private final String holder;
  private final Instant expiresAt;
  private final List<String> keys;
  private final Map<String, Integer> index = new HashMap<>();
  private final long[] hashes;
  private final long[] versions;
  private final boolean decimalIds;
  private final EventSink sink;
  private final Executor send;
  private final long sendBuffer;
  private final Clock clock;
  private final Subscriptions owner;

  private final ArrayDeque<Frame> queue = new ArrayDeque<>();
  private long queuedBytes;
  private Frame current;
  private int part;
  /** A pump is scheduled or running, or a write is in flight: whoever holds this moves the queue on. */
  private boolean active;
  private Ending ending;
  private Instant closingSince;
  private boolean over;

  /**
   * @param keys the stream's canonical keys, distinct
   * @param held what the client's {@code Last-Event-ID} says it holds ({@link EventIds#parse})
   * @param decimalIds ids as bare versions (the one-key route) instead of {@link EventIds#of}
   */
  Subscriber(long id, String holder, Instant expiresAt, List<String> keys, Map<Long, Long> held, boolean decimalIds,
      EventSink sink, Executor send, long sendBuffer, Clock clock, Subscriptions owner) {
    this.id = id;
    this.holder = holder;
    this.expiresAt = expiresAt;
    this.keys = List.copyOf(keys);
    this.hashes = new long[keys.size()];
    this.versions = new long[keys.size()];
    this.decimalIds = decimalIds;
    this.sink = sink;
    this.send = send;
    this.sendBuffer = sendBuffer;
    this.clock = clock;
    this.owner = owner;
    Map<Long, Integer> seen = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      index.put(keys.get(i), i);
      hashes[i] = EventIds.hash(keys.get(i));
      seen.merge(hashes[i], 1, Integer::sum);
    }
    for (int i = 0; i < keys.size(); i++) {
      // Two keys of one stream under one hash: neither counts as held (a repeat, never a gap).
      versions[i] = seen.get(hashes[i]) == 1 ? held.getOrDefault(hashes[i], 0L) : 0;
    }
    if (keys.size() == 1 && held.containsKey(-1L)) {
      versions[0] = held.get(-1L);
    }
  }

  long id() {
    return id;
  }

  String holder() {
    return holder;
  }

  /** When the token the stream was opened with expires (null = never). */
  Instant expiresAt() {
    return expiresAt;
  }

  List<String> keys() {
    return keys;
  }

  /** Queues the event if it is newer than what the client holds of its key. */
  void offer(EntryEvent event) {
    boolean start;
    synchronized (this) {
      Integer at = index.get(event.key());
      if (ending != null || at == null || event.version() <= versions[at]) {
        return;
      }
      versions[at] = event.version();
      Frame frame = Frame.of(SseFrames.id(currentId()), event.frame());
      if (!queue.isEmpty() && queuedBytes + frame.size() > sendBuffer) {
        startClosing(Ending.SLOW);
      } else {
        queue.add(frame);
        queuedBytes += frame.size();
      }
      start = activate();
    }
    if (start) {
      send.execute(this::pump);
    }
  }

  /** A comment line, when nothing else is on its way: keeps proxies from closing an idle stream. */
  void heartbeat() {
    synchronized (this) {
      if (ending != null || active) {
        return;
      }
      queue.add(Frame.of(SseFrames.HEARTBEAT));
      queuedBytes += SseFrames.HEARTBEAT.length;
      active = true;
    }
    send.execute(this::pump);
  }

  /** Ends the stream: what is queued is dropped, the {@code retry:} hint goes out after the write in flight. */
  void close(Ending why) {
    boolean start;
    synchronized (this) {
      if (ending != null) {
        return;
      }
      startClosing(why);
      start = activate();
    }
    if (start) {
      send.execute(this::pump);
    }
  }

  /** Cuts the connection of a stream whose goodbye has not gone out within {@code grace}. */
  void abortIfStuck(Instant now, Duration grace) {
    synchronized (this) {
      if (ending == null || over || closingSince.plus(grace).isAfter(now)) {
        return;
      }
      over = true;
      queue.clear();
    }
    sink.abort();
    owner.ended(this, ending);
  }

  /** Cuts the connection now, whatever is in flight. */
  void abort() {
    synchronized (this) {
      if (over) {
        return;
      }
      over = true;
      if (ending == null) {
        ending = Ending.STOPPING;
      }
      queue.clear();
    }
    sink.abort();
    owner.ended(this, ending);
  }

  private void startClosing(Ending why) {
    ending = why;
    closingSince = clock.instant();
    queue.clear();
    Frame goodbye = Frame.of(SseFrames.goodbye(why.reason, why.retryMillis));
    queue.add(goodbye);
    queuedBytes = goodbye.size();
    owner.closing(this);
  }

  private boolean activate() {
    boolean start = !active;
    active = true;
    return start;
  }

  private String currentId() {
    return decimalIds ? Long.toString(versions[0]) : EventIds.of(hashes, versions);
  }

  /** Writes queued parts until one is left in flight (its completion pumps on) or none is left. */
  private void pump() {
    while (true) {
      ByteBuffer next;
      boolean finished = false;
      synchronized (this) {
        next = over ? null : nextPart();
        if (next == null) {
          active = false;
          if (ending != null && !over) {
            over = true;
            finished = true;
          }
        }
      }
      if (next == null) {
        if (finished) {
          sink.finish();
          owner.ended(this, ending);
        }
        return;
      }
      AtomicBoolean handoff = new AtomicBoolean();
      sink.write(next, failure -> {
        if (failure != null) {
          failed();
        } else if (!handoff.compareAndSet(false, true)) {
          pump(); // completed after write() returned: this thread carries on
        }
      });
      if (handoff.compareAndSet(false, true)) {
        return; // in flight: its completion carries on
      }
    }
  }

  private ByteBuffer nextPart() {
    if (current == null || part == current.parts().length) {
      current = queue.poll();
      part = 0;
      if (current == null) {
        return null;
      }
      queuedBytes -= current.size();
    }
    return ByteBuffer.wrap(current.parts()[part++]);
  }

  private void failed() {
    Ending why;
    synchronized (this) {
      if (over) {
        return;
      }
      over = true;
      active = false;
      queue.clear();
      why = ending == null ? Ending.GONE : ending;
      ending = why;
    }
    sink.abort();
    owner.ended(this, why);
  }
}
