package dev.kck.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.cache.CachedEntry;
import dev.kck.config.KckConfig;
import dev.kck.product.Access;
import dev.kck.product.Freshness;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import dev.kck.testing.FreshnessEngine;
import dev.kck.testing.ScriptedPrimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streams and long polls on a fake clock, fed by an in-process cluster, written to sinks whose
 * clients read or stall as each test says; every executor runs on the calling thread.
 */
class SubscriptionsTest {
  private static final List<Parameter> ID = List.of(Parameter.of("id", ParamType.INT));
  private static final KckConfig.Live LIVE = new KckConfig.Live(5, 3, 5, 3, 4096, Duration.ofSeconds(15));
  private static final long NEVER = Long.MAX_VALUE;
  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

  private final ScriptedPrimer books =
      new ScriptedPrimer(ProductSpec.of("book", ID).withAccess(Access.PUBLIC).withFreshness(Freshness.DEFAULT));
  private final FreshnessEngine engine = FreshnessEngine.of(books);
  private final Subscriptions subscriptions =
      new Subscriptions(engine.fetcher, LIVE, engine.clock, new SimpleMeterRegistry(), Runnable::run, Runnable::run);

  {
    engine.notices.onChange(subscriptions::changed);
    engine.notices.onResync(subscriptions::resync);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void a_stream_gets_each_key_now_then_every_new_version() {
    RecordingSink sink = RecordingSink.reading();
    open(sink, "alice", null, NEVER, "book/1", "book/2");
    long second = newVersion("book/2");
    long third = newVersion("book/2");

    assertThat(events(sink)).extracting(Event::key).containsExactly("book/1", "book/2", "book/2", "book/2");
    assertThat(versions(sink)).endsWith(second, third);
  }

  @Test
  void a_client_that_does_not_read_is_dropped_with_a_retry_hint_while_a_reading_one_gets_everything() {
    books.data("x".repeat(1500)); // frames of about 1.6 KB against a 4 KB buffer
    RecordingSink stalled = RecordingSink.stalled();
    RecordingSink reading = RecordingSink.reading();
    open(stalled, "slow", null, NEVER, "book/1");
    open(reading, "fast", null, NEVER, "book/1");

    long[] made = {newVersion("book/1"), newVersion("book/1"), newVersion("book/1"), newVersion("book/1")};

    assertThat(versions(reading)).containsSubsequence(made[0], made[1], made[2], made[3]);
    assertThat(subscriptions.streams()).as("the stalled one is closing, its goodbye behind the write in flight")
        .isEqualTo(2);
    stalled.startReading();
    assertThat(stalled.text()).contains("retry: 5000").doesNotContain("\"version\":" + made[3]);
    assertThat(stalled.finished()).isTrue();
    assertThat(subscriptions.streams()).isEqualTo(1);
  }

  @Test
  void a_dropped_client_whose_goodbye_cannot_be_written_is_cut_off_after_a_grace() {
    books.data("x".repeat(1500));
    RecordingSink stalled = RecordingSink.stalled();
    open(stalled, "slow", null, NEVER, "book/1");
    for (int i = 0; i < 4; i++) {
      newVersion("book/1");
    }
    engine.advance(Duration.ofSeconds(1));
    subscriptions.tick();
    assertThat(stalled.aborted()).isFalse();

    engine.advance(Duration.ofSeconds(2));
    subscriptions.tick();

    assertThat(stalled.aborted()).isTrue();
    assertThat(subscriptions.streams()).isZero();
  }

  @Test
  void a_stream_ends_when_its_token_expires() {
    RecordingSink sink = RecordingSink.reading();
    open(sink, "alice", null, engine.clock.instant().plusSeconds(3).getEpochSecond(), "book/1");
    engine.advance(Duration.ofSeconds(2));
    subscriptions.tick();
    assertThat(sink.finished()).isFalse();

    engine.advance(Duration.ofSeconds(1));
    subscriptions.tick();

    assertThat(sink.text()).endsWith(": your token expired; reconnect with a fresh one\nretry: 1000\n\n");
    assertThat(sink.finished()).isTrue();
  }

  @Test
  void a_resumed_stream_gets_exactly_the_keys_that_moved_since_its_last_id() {
    RecordingSink first = RecordingSink.reading();
    open(first, "alice", null, NEVER, "book/1", "book/2", "book/3");
    String lastId = events(first).get(2).id();
    long moved = newVersion("book/2");

    RecordingSink resumed = RecordingSink.reading();
    open(resumed, "alice", lastId, NEVER, "book/1", "book/2", "book/3");
    RecordingSink resumedAgain = RecordingSink.reading();
    open(resumedAgain, "alice", events(resumed).get(0).id(), NEVER, "book/3", "book/2", "book/1");

    assertThat(events(resumed)).extracting(Event::key).containsExactly("book/2");
    assertThat(versions(resumed)).containsExactly(moved);
    assertThat(events(resumedAgain)).as("everything is held already").isEmpty();
  }

  @Test
  void a_resumed_stream_with_a_new_key_gets_that_key_and_nothing_it_holds() {
    RecordingSink first = RecordingSink.reading();
    open(first, "alice", null, NEVER, "book/1");

    RecordingSink resumed = RecordingSink.reading();
    open(resumed, "alice", events(first).get(0).id(), NEVER, "book/1", "book/4");

    assertThat(events(resumed)).extracting(Event::key).containsExactly("book/4");
  }

  @Test
  void a_one_key_stream_resumes_from_a_bare_version() {
    long version = engine.fetch("book/1").entry().version();
    RecordingSink sink = RecordingSink.reading();
    subscriptions.open(subscriptions.reserveStream("alice"), List.of(current("book/1")), Long.toString(version), true,
        NEVER, sink);
    long next = newVersion("book/1");

    assertThat(events(sink)).extracting(Event::id).containsExactly(Long.toString(next));
  }

  @Test
  void streams_are_limited_per_caller_and_per_instance() {
    for (int i = 0; i < 3; i++) {
      open(RecordingSink.reading(), "alice", null, NEVER, "book/1");
    }
    assertThatThrownBy(() -> subscriptions.reserveStream("alice"))
        .isInstanceOfSatisfying(LimitReached.class, e -> assertThat(e.callerLimit()).isTrue());
    open(RecordingSink.reading(), "bob", null, NEVER, "book/1");
    StreamPlace unused = subscriptions.reserveStream("carol");
    assertThatThrownBy(() -> subscriptions.reserveStream("dave"))
        .isInstanceOfSatisfying(LimitReached.class, e -> assertThat(e.callerLimit()).isFalse());

    unused.release();
    subscriptions.reserveStream("dave");
  }

  @Test
  void a_stream_that_ends_gives_its_place_back() {
    for (int i = 0; i < 3; i++) {
      open(RecordingSink.reading(), "alice", null, NEVER, "book/1");
    }

    subscriptions.closeAll();

    assertThat(subscriptions.streams()).isZero();
    assertThatThrownBy(() -> subscriptions.reserveStream("alice")).as("refused while stopping")
        .isInstanceOfSatisfying(LimitReached.class, e -> assertThat(e.callerLimit()).isFalse());
  }

  @Test
  void an_idle_stream_gets_a_heartbeat_and_a_busy_one_does_not() {
    RecordingSink idle = RecordingSink.reading();
    RecordingSink busy = RecordingSink.stalled();
    open(idle, "alice", null, NEVER, "book/1");
    open(busy, "bob", null, NEVER, "book/1");

    subscriptions.heartbeat();
    busy.startReading();

    assertThat(idle.text()).endsWith(": keep-alive\n\n");
    assertThat(busy.text()).doesNotContain("keep-alive");
  }

  @Test
  void closing_all_sends_every_stream_a_retry_hint_and_answers_every_long_poll() {
    RecordingSink sink = RecordingSink.reading();
    open(sink, "alice", null, NEVER, "book/1");
    AtomicReference<Optional<CachedEntry>> answer = new AtomicReference<>();
    subscriptions.await(Map.of("book/1", current("book/1").version()), Duration.ofSeconds(30), "alice", answer::set);

    subscriptions.closeAll();

    assertThat(sink.text()).endsWith("retry: 2000\n\n");
    assertThat(sink.finished()).isTrue();
    assertThat(answer.get()).isEmpty();
    assertThat(subscriptions.waiters()).isZero();
  }

  @Test
  void a_long_poll_is_answered_with_the_next_version_at_once() {
    long held = current("book/1").version();
    AtomicReference<Optional<CachedEntry>> answer = new AtomicReference<>();
    subscriptions.await(Map.of("book/1", held), Duration.ofSeconds(30), "alice", answer::set);
    assertThat(answer.get()).isNull();

    long next = newVersion("book/1");

    assertThat(answer.get()).hasValueSatisfying(entry -> assertThat(entry.version()).isEqualTo(next));
    assertThat(subscriptions.waiters()).isZero();
  }

  @Test
  void a_long_poll_ends_empty_at_its_deadline_and_is_answered_once() {
    long held = current("book/1").version();
    List<Optional<CachedEntry>> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
    subscriptions.await(Map.of("book/1", held), Duration.ofSeconds(90), "alice", answers::add);
    engine.advance(Duration.ofSeconds(59));
    subscriptions.tick();
    assertThat(answers).as("a wait over 60 s is capped at 60 s").isEmpty();

    engine.advance(Duration.ofSeconds(1));
    subscriptions.tick();
    newVersion("book/1");
    subscriptions.tick();

    assertThat(answers).containsExactly(Optional.empty());
  }

  @Test
  void a_long_poll_behind_the_l1_is_answered_at_once() {
    long held = current("book/1").version();
    newVersion("book/1");
    AtomicReference<Optional<CachedEntry>> answer = new AtomicReference<>();

    subscriptions.await(Map.of("book/1", held), Duration.ofSeconds(30), "alice", answer::set);

    assertThat(answer.get()).isPresent();
  }

  @Test
  void long_polls_are_limited_per_caller_and_per_instance() {
    long held = current("book/1").version();
    for (int i = 0; i < 3; i++) {
      subscriptions.await(Map.of("book/1", held), Duration.ofSeconds(30), "alice", answer -> {});
    }
    assertThatThrownBy(() -> subscriptions.await(Map.of("book/1", held), Duration.ofSeconds(30), "alice", answer -> {}))
        .isInstanceOfSatisfying(LimitReached.class, e -> assertThat(e.callerLimit()).isTrue());
    subscriptions.await(Map.of("book/1", held), Duration.ofSeconds(30), "bob", answer -> {});
    subscriptions.await(Map.of("book/1", held), Duration.ofSeconds(30), "carol", answer -> {});
    assertThatThrownBy(() -> subscriptions.await(Map.of("book/1", held), Duration.ofSeconds(30), "dave", answer -> {}))
        .isInstanceOfSatisfying(LimitReached.class, e -> assertThat(e.callerLimit()).isFalse());

    newVersion("book/1");

    assertThat(subscriptions.waiters()).as("all answered, all places given back").isZero();
  }

  @Test
  void a_resync_sends_what_a_lost_notice_would_have() {
    RecordingSink sink = RecordingSink.reading();
    open(sink, "alice", null, NEVER, "book/1");
    long lost = newVersionWithoutNotice("book/1");

    engine.notices.resync();

    assertThat(versions(sink)).endsWith(lost);
  }

  private record Event(String id, String key, long version) {}

  private void open(RecordingSink sink, String holder, String lastEventId, long expires, String... keys) {
    List<CachedEntry> current = Arrays.stream(keys).map(this::current).toList();
    subscriptions.open(subscriptions.reserveStream(holder), current, lastEventId, false, expires, sink);
  }

  private CachedEntry current(String key) {
    return engine.fetch(key).entry();
  }

  private long newVersion(String key) {
    return engine.fetcher.refresh(engine.products.parse(key), books).version();
  }

  /** A version written to the store and L1 whose notice never arrives. */
  private long newVersionWithoutNotice(String key) {
    CachedEntry now = current(key);
    long version = engine.store.entries().nextVersion(key);
    var stored = new dev.kck.store.StoredEntry(key, now.value(), version, engine.clock.instant(), null);
    engine.store.entries().putIfNewer(stored);
    return version;
  }

  private static List<Event> events(RecordingSink sink) {
    return Arrays.stream(sink.text().split("\n\n")).filter(block -> block.contains("event: entry")).map(block -> {
      String id = block.lines().filter(line -> line.startsWith("id: ")).findFirst().orElseThrow().substring(4);
      String data = block.lines().filter(line -> line.startsWith("data: ")).findFirst().orElseThrow();
      Matcher version = VERSION.matcher(data);
      version.find();
      String key = data.substring(data.indexOf("\"key\":\"") + 7, data.indexOf('"', data.indexOf("\"key\":\"") + 7));
      return new Event(id, key, Long.parseLong(version.group(1)));
    }).toList();
  }

  private static List<Long> versions(RecordingSink sink) {
    return events(sink).stream().map(Event::version).toList();
  }
}
