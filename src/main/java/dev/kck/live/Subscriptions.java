package dev.kck.live;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.Fetcher;
import dev.kck.cluster.Change;
import dev.kck.config.KckConfig;
import dev.kck.kernel.Threads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything this instance holds open for clients waiting on new versions: {@code /subscribe}
 * streams ({@link Subscriber}) and long polls ({@link LongPolls}), both fed by the cluster's
 * {@code NEW_VERSION} notices.
 *
 * <p>Threads: the change feed's thread only notes which keys are due ({@link #changed}); the
 * {@code kck-live-fan-out} threads read each due key's entry once and hand it to every stream and
 * poll of it; the {@code kck-live-send} threads start writes, which then go on in Jetty's
 * completions; {@code kck-live-timer} ends polls at their deadline, streams at their token's
 * expiry, and sends heartbeats. Nothing on any of them waits on a client.
 */
public final class Subscriptions implements AutoCloseable {
  /** The most keys one stream may carry. */
  public static final int MAX_KEYS = 100;
  /** The longest wait a long poll is held for ({@code Prefer: wait=N} beyond it is capped). */
  public static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
  private static final Duration GOODBYE_GRACE = Duration.ofSeconds(2);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  private static final Duration TICK = Duration.ofMillis(100);

  private final Fetcher fetcher;
  private final Clock clock;
  private final KckConfig.Live config;
  private final Executor send;
  private final DueKeys due;
  private final List<ExecutorService> threads;
  private final Admission streamPlaces;
  private final LongPolls polls;
  private final AtomicLong sequence = new AtomicLong();
  private final Set<Subscriber> open = ConcurrentHashMap.newKeySet();
  private final Set<Subscriber> closing = ConcurrentHashMap.newKeySet();
  private final ConcurrentSkipListSet<Subscriber> byExpiry = new ConcurrentSkipListSet<>(
      Comparator.comparing(Subscriber::expiresAt).thenComparingLong(Subscriber::id));
  private final ConcurrentHashMap<String, Set<Subscriber>> byKey = new ConcurrentHashMap<>();
  private final Map<Subscriber.Ending, Counter> endings = new EnumMap<>(Subscriber.Ending.class);
  private volatile boolean stopping;

  /**
   * For tests: no timer (they call {@link #tick} and {@link #heartbeat}), and the executors given.
   */
  Subscriptions(Fetcher fetcher, KckConfig.Live config, Clock clock, MeterRegistry metrics, Executor fanOut,
      Executor send) {
    this(fetcher, config, clock, metrics, fanOut, send, null, List.of());
  }

  private Subscriptions(Fetcher fetcher, KckConfig.Live config, Clock clock, MeterRegistry metrics, Executor fanOut,
      Executor send, ScheduledExecutorService timer, List<ExecutorService> threads) {
    this.fetcher = fetcher;
    this.config = config;
    this.clock = clock;
    this.send = send;
    this.due = new DueKeys(fetcher, fanOut, timer, this::deliver);
    this.threads = threads;
    this.streamPlaces = new Admission("streams", config.maxStreams(), config.maxStreamsPerSubject(), RETRY_AFTER);
    this.polls = new LongPolls(new Admission("long polls", config.maxWaiters(), config.maxWaitersPerSubject(),
        RETRY_AFTER));
    Gauge.builder("kck.live.streams", open, Set::size).description("Open /subscribe streams").register(metrics);
    Gauge.builder("kck.live.waiters", polls, LongPolls::held).description("Long polls held").register(metrics);
    for (Subscriber.Ending ending : Subscriber.Ending.values()) {
      endings.put(ending, Counter.builder("kck.live.streams.ended").tag("reason", ending.name().toLowerCase())
          .description("Streams ended, by why").register(metrics));
    }
  }

  /** Subscriptions with their own threads, the timer running. */
  public static Subscriptions start(Fetcher fetcher, KckConfig.Live config, Clock clock, MeterRegistry metrics) {
    ExecutorService fanOut = Executors.newFixedThreadPool(2, Threads.named("kck-live-fan-out"));
    ExecutorService send = Executors.newFixedThreadPool(2, Threads.named("kck-live-send"));
    ScheduledExecutorService timer = Threads.scheduler("kck-live-timer", 1);
    Subscriptions subscriptions = new Subscriptions(fetcher, config, clock, metrics, fanOut, send, timer,
        List.of(fanOut, send, timer));
    timer.scheduleWithFixedDelay(subscriptions::tickSafely, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    long heartbeat = config.heartbeat().toMillis();
    timer.scheduleAtFixedRate(subscriptions::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    return subscriptions;
  }

  /** A place for one more stream of the holder (a subject, or a client address), or {@link LimitReached}. */
  public StreamPlace reserveStream(String holder) {
    refuseWhileStopping();
    streamPlaces.take(holder);
    return new StreamPlace(holder, streamPlaces);
  }

  /**
   * Opens a stream in a place reserved for it: sends each current entry the client does not hold
   * (by its {@code Last-Event-ID}), then every newer version of its keys, until the client goes,
   * falls behind, its token expires ({@code expiresAtEpochSecond}) or the instance stops.
   *
   * @param current the keys' current entries, one per key, in the order their events should go
   * @param decimalIds true for the one-key route, whose ids are bare versions
   */
  public void open(StreamPlace place, List<CachedEntry> current, String lastEventId, boolean decimalIds,
      long expiresAtEpochSecond, EventSink sink) {
    place.use();
    List<String> keys = current.stream().map(CachedEntry::key).distinct().toList();
    Instant expiresAt = expiresAtEpochSecond >= Instant.MAX.getEpochSecond() ? Instant.MAX
        : Instant.ofEpochSecond(expiresAtEpochSecond);
    Subscriber subscriber = new Subscriber(sequence.incrementAndGet(), place.holder(), expiresAt, keys,
        EventIds.parse(lastEventId), decimalIds, sink, send, config.sendBuffer(), clock, this);
    open.add(subscriber);
    keys.forEach(key -> byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(subscriber));
    if (!expiresAt.equals(Instant.MAX)) {
      byExpiry.add(subscriber);
    }
    current.forEach(entry -> subscriber.offer(EntryEvent.of(entry)));
    // A version that arrived between those reads and the registration above is in the L1 by now.
    keys.forEach(key -> fetcher.local(key).ifPresent(entry -> subscriber.offer(EntryEvent.of(entry))));
    if (stopping || !expiresAt.isAfter(clock.instant())) {
      subscriber.close(stopping ? Subscriber.Ending.STOPPING : Subscriber.Ending.EXPIRED);
    }
  }

  /**
   * Holds one long poll of one or more keys until a version newer than the one {@code versions}
   * gives for its key exists here ({@code answer} gets it) or {@code wait} passes ({@code answer}
   * gets empty), or throws {@link LimitReached}. It takes one place however many keys it watches.
   * The answer comes on a live thread, which must not be kept waiting.
   */
  public void await(Map<String, Long> versions, Duration wait, String holder, Consumer<Optional<CachedEntry>> answer) {
    refuseWhileStopping();
    Duration held = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    polls.add(versions, clock.instant().plus(held), holder, answer);
    // A version that arrived between the caller's read and the registration above is in the L1 by now.
    versions.forEach((key, version) ->
        fetcher.local(key).filter(entry -> entry.version() > version).ifPresent(polls::newVersion));
  }

  /** A change feed listener: notes the key as due and returns; the fan-out threads do the rest. */
  public void changed(Change change) {
    if (change.kind() == Change.Kind.NEW_VERSION && (byKey.containsKey(change.key()) || polls.watches(change.key()))) {
      due.due(change.key(), change.version());
    }
  }

  /** Notices may have been lost (the feed reconnected): every watched key is read again. */
  public void resync() {
    List<String> watched = new ArrayList<>(byKey.keySet());
    watched.addAll(polls.keys());
    watched.forEach(key -> due.due(key, 0));
  }

  /** Ends due long polls (304) and streams whose token expired; cuts streams whose goodbye is stuck. */
  void tick() {
    Instant now = clock.instant();
    polls.expire(now);
    for (Subscriber first = byExpiry.pollFirst(); first != null; first = byExpiry.pollFirst()) {
      if (first.expiresAt().isAfter(now)) {
        byExpiry.add(first);
        break;
      }
      first.close(Subscriber.Ending.EXPIRED);
    }
    closing.forEach(subscriber -> subscriber.abortIfStuck(now, GOODBYE_GRACE));
  }

  /** A comment line on every idle stream. */
  public void heartbeat() {
    try {
      open.forEach(Subscriber::heartbeat);
    } catch (RuntimeException e) {
      log.warn("Heartbeat round failed", e);
    }
  }

  /**
   * For a clean stop: answers every long poll (304) and ends every stream with a {@code retry:}
   * hint, waits up to a couple of seconds for the goodbyes to go out, then cuts what is left. New
   * streams and polls are refused with 503 from now on. Call it before the HTTP server stops, so
   * that its drain does not wait on streams.
   */
  public void closeAll() {
    stopping = true;
    polls.answerAll();
    open.forEach(subscriber -> subscriber.close(Subscriber.Ending.STOPPING));
    long deadline = System.nanoTime() + GOODBYE_GRACE.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    open.forEach(Subscriber::abort);
  }

  /** Open streams. */
  public int streams() {
    return open.size();
  }

  /** Held long polls. */
  public int waiters() {
    return polls.held();
  }

  /** Stops the live threads (after {@link #closeAll}). */
  @Override
  public void close() {
    threads.forEach(executor -> Threads.stop(executor, Duration.ofSeconds(2)));
  }

  void closing(Subscriber subscriber) {
    closing.add(subscriber);
  }

  void ended(Subscriber subscriber, Subscriber.Ending why) {
    open.remove(subscriber);
    closing.remove(subscriber);
    byExpiry.remove(subscriber);
    for (String key : subscriber.keys()) {
      byKey.computeIfPresent(key, (k, subscribers) -> {
        subscribers.remove(subscriber);
        return subscribers.isEmpty() ? null : subscribers;
      });
    }
    streamPlaces.give(subscriber.holder());
    endings.get(why).increment();
  }

  private void refuseWhileStopping() {
    if (stopping) {
      throw new LimitReached("this instance is stopping", false, RETRY_AFTER);
    }
  }

  /** Hands a new version to every stream and poll of its key; its frame is built once. */
  private void deliver(CachedEntry newest) {
    Set<Subscriber> subscribers = byKey.get(newest.key());
    if (subscribers != null && !subscribers.isEmpty()) {
      EntryEvent event = EntryEvent.of(newest);
      subscribers.forEach(subscriber -> subscriber.offer(event));
    }
    polls.newVersion(newest);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.warn("Live timer round failed", e);
    }
  }
}
