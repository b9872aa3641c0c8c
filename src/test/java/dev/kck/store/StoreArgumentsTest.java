package dev.kck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kck.store.memory.MemoryStore;
import dev.kck.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The argument checks {@link CacheStore} makes once for every backend: each refused argument of
 * the leases, the refresh queue and the key index is a caller's bug (an IllegalArgumentException or
 * a NullPointerException), on the memory store and on a backend that fails the test if it is asked
 * at all, so the check is known to happen before any backend sees the call.
 */
class StoreArgumentsTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final RefreshRequest CLAIMED = new RefreshRequest("book/1", 1, Instant.EPOCH, 1);

  static Stream<Arguments> refusedCalls() {
    return Stream.of(
        refused("leases.take with a null name", IllegalOrNull.NULL, s -> s.leases().take(null, "a", LEASE)),
        refused("leases.take with a null owner", IllegalOrNull.NULL, s -> s.leases().take("n", null, LEASE)),
        refused("leases.take for no time", IllegalOrNull.ILLEGAL, s -> s.leases().take("n", "a", Duration.ZERO)),
        refused("leases.take for negative time", IllegalOrNull.ILLEGAL,
            s -> s.leases().take("n", "a", Duration.ofSeconds(-1))),
        refused("leases.take for a null duration", IllegalOrNull.NULL, s -> s.leases().take("n", "a", null)),
        refused("leases.release with a null name", IllegalOrNull.NULL, s -> s.leases().release(null, "a")),
        refused("leases.release with a null owner", IllegalOrNull.NULL, s -> s.leases().release("n", null)),

        refused("queue.request of a null key", IllegalOrNull.NULL, s -> s.queue().request(null, 1)),
        refused("queue.request with zero demand", IllegalOrNull.ILLEGAL, s -> s.queue().request("k", 0)),
        refused("queue.request with negative demand", IllegalOrNull.ILLEGAL, s -> s.queue().request("k", -1)),
        refused("queue.requestAll with a null key", IllegalOrNull.NULL,
            s -> s.queue().requestAll(Arrays.asList("k", null), 1)),
        refused("queue.requestAll with zero demand", IllegalOrNull.ILLEGAL,
            s -> s.queue().requestAll(List.of("k"), 0)),
        refused("queue.claim with a null owner", IllegalOrNull.NULL, s -> s.queue().claim(null, LEASE, 1)),
        refused("queue.claim for no time", IllegalOrNull.ILLEGAL, s -> s.queue().claim("a", Duration.ZERO, 1)),
        refused("queue.claim for negative time", IllegalOrNull.ILLEGAL,
            s -> s.queue().claim("a", Duration.ofMillis(-1), 1)),
        refused("queue.claim with a negative limit", IllegalOrNull.ILLEGAL, s -> s.queue().claim("a", LEASE, -1)),
        refused("queue.complete of a null request", IllegalOrNull.NULL, s -> s.queue().complete(null, "a")),
        refused("queue.complete with a null owner", IllegalOrNull.NULL, s -> s.queue().complete(CLAIMED, null)),
        refused("queue.release of a null request", IllegalOrNull.NULL,
            s -> s.queue().release(null, "a", Duration.ZERO)),
        refused("queue.release with a null owner", IllegalOrNull.NULL,
            s -> s.queue().release(CLAIMED, null, Duration.ZERO)),
        refused("queue.release with a negative retryAfter", IllegalOrNull.ILLEGAL,
            s -> s.queue().release(CLAIMED, "a", Duration.ofSeconds(-1))),

        refused("index.keysOf a null product", IllegalOrNull.NULL, s -> s.index().keysOf(null, 1)),
        refused("index.keysOf with a negative limit", IllegalOrNull.ILLEGAL, s -> s.index().keysOf("book", -1)),
        refused("index.addDependency of a null dependency", IllegalOrNull.NULL,
            s -> s.index().addDependency(null, "shelf/1")),
        refused("index.addDependency of a null dependent", IllegalOrNull.NULL,
            s -> s.index().addDependency("book/1", null)),
        refused("index.dependentsOf a null key", IllegalOrNull.NULL, s -> s.index().dependentsOf(null)),

        refused("catalog.keysAfter of a null product", IllegalOrNull.NULL, s -> s.catalog().keysAfter(null, null, 1)),
        refused("catalog.keysAfter with a negative limit", IllegalOrNull.ILLEGAL,
            s -> s.catalog().keysAfter("book", null, -1)),
        refused("catalog.count of a null product", IllegalOrNull.NULL, s -> s.catalog().count(null)),
        refused("queueInspection.snapshot with a negative limit", IllegalOrNull.ILLEGAL,
            s -> s.queueInspection().snapshot(-1)),
        refused("heartbeats.beat of a null instance", IllegalOrNull.NULL, s -> s.heartbeats().beat(null, LEASE)),
        refused("heartbeats.beat for no time", IllegalOrNull.ILLEGAL, s -> s.heartbeats().beat(
            new Heartbeats.Instance("i", "h:1", Instant.EPOCH, Instant.EPOCH, "1"), Duration.ZERO)),
        refused("heartbeats.leave of a null id", IllegalOrNull.NULL, s -> s.heartbeats().leave(null)),
        refused("origins.record of a null origin", IllegalOrNull.NULL, s -> s.origins().record(null, null)),
        refused("origins.get of a null key", IllegalOrNull.NULL, s -> s.origins().get(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCalls")
  void a_refused_argument_is_a_callers_bug_on_the_memory_store(Consumer<CacheStore> call, IllegalOrNull expected) {
    CacheStore store = MemoryStore.open(MutableClock.atFixedStart());

    assertThatThrownBy(() -> call.accept(store)).isInstanceOf(expected.type);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCalls")
  void a_refused_argument_never_reaches_the_backend(Consumer<CacheStore> call, IllegalOrNull expected) {
    CacheStore store = unreachableBackend();

    assertThatThrownBy(() -> call.accept(store)).isInstanceOf(expected.type);
  }

  @Test
  void a_refused_request_queues_nothing() {
    CacheStore store = MemoryStore.open(MutableClock.atFixedStart());

    assertThatThrownBy(() -> store.queue().requestAll(Arrays.asList("book/1", "book/2", null), 1))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.queue().request("book/3", 0)).isInstanceOf(IllegalArgumentException.class);

    assertThat(store.queue().pending()).isZero();
  }

  @Test
  void a_zero_limit_is_an_empty_answer_without_asking_the_backend() {
    CacheStore store = unreachableBackend();

    assertThat(store.queue().claim("a", LEASE, 0)).isEmpty();
    assertThat(store.index().keysOf("book", 0)).isEmpty();
  }

  @Test
  void an_empty_batch_of_requests_does_not_ask_the_backend() {
    unreachableBackend().queue().requestAll(List.of(), 1);
  }

  @Test
  void release_at_once_is_accepted() {
    CacheStore store = MemoryStore.open(MutableClock.atFixedStart());
    store.queue().request("book/1", 1);
    RefreshRequest claimed = store.queue().claim("a", LEASE, 1).get(0);

    store.queue().release(claimed, "a", Duration.ZERO);

    assertThat(store.queue().claim("b", LEASE, 1)).extracting(RefreshRequest::key).containsExactly("book/1");
  }

  @Test
  void parts_already_checked_are_not_wrapped_twice() {
    CacheStore store = MemoryStore.open(MutableClock.atFixedStart());

    assertThat(StoreArguments.checked(store.leases())).isSameAs(store.leases());
    assertThat(StoreArguments.checked(store.queue())).isSameAs(store.queue());
    assertThat(StoreArguments.checked(store.index())).isSameAs(store.index());
  }

  // --- helpers ---

  /** The exception a refused argument is. */
  enum IllegalOrNull {
    ILLEGAL(IllegalArgumentException.class), NULL(NullPointerException.class);

    final Class<? extends RuntimeException> type;

    IllegalOrNull(Class<? extends RuntimeException> type) {
      this.type = type;
    }
  }

  private static Arguments refused(String call, IllegalOrNull expected, Consumer<CacheStore> invocation) {
    return Arguments.of(Named.of(call, invocation), expected);
  }

  /** A store whose backend parts fail the test if any call reaches them. */
  private static CacheStore unreachableBackend() {
    return new CacheStore("unreachable", new UnreachableEntries(), new UnreachableLeases(), new UnreachableQueue(),
        new UnreachableIndex(), new CacheStore.Insight(new UnreachableCatalog(), maxClaims -> {
          throw reached();
        }, new UnreachableHeartbeats(), new UnreachableOrigins()), () -> { }, () -> { });
  }

  private static AssertionError reached() {
    return new AssertionError("the call reached the backend");
  }

  private static final class UnreachableCatalog implements KeyCatalog {
    @Override
    public List<String> keysAfter(String product, String after, int limit) {
      throw reached();
    }

    @Override
    public long count(String product) {
      throw reached();
    }
  }

  private static final class UnreachableOrigins implements EntryOrigins {
    @Override
    public void record(Origin origin, Instant expiresAt) {
      throw reached();
    }

    @Override
    public Optional<Origin> get(String key) {
      throw reached();
    }
  }

  private static final class UnreachableHeartbeats implements Heartbeats {
    @Override
    public void beat(Instance instance, Duration lifetime) {
      throw reached();
    }

    @Override
    public void leave(String id) {
      throw reached();
    }

    @Override
    public List<Instance> live() {
      throw reached();
    }
  }

  private static final class UnreachableLeases implements LeaseStore {
    @Override
    public boolean take(String name, String owner, Duration duration) {
      throw reached();
    }

    @Override
    public void release(String name, String owner) {
      throw reached();
    }
  }

  private static final class UnreachableQueue implements RefreshQueue {
    @Override
    public void request(String key, long demand) {
      throw reached();
    }

    @Override
    public void requestAll(Collection<String> keys, long demand) {
      throw reached();
    }

    @Override
    public List<RefreshRequest> claim(String owner, Duration lease, int limit) {
      throw reached();
    }

    @Override
    public void complete(RefreshRequest claimed, String owner) {
      throw reached();
    }

    @Override
    public void release(RefreshRequest claimed, String owner, Duration retryAfter) {
      throw reached();
    }

    @Override
    public long pending() {
      throw reached();
    }
  }

  private static final class UnreachableIndex implements KeyIndex {
    @Override
    public List<String> keysOf(String product, int limit) {
      throw reached();
    }

    @Override
    public void recordUse(Collection<String> keys, Instant usedAt) {
      throw reached();
    }

    @Override
    public List<String> leastRecentlyUsed(String product, int bound, int limit) {
      throw reached();
    }

    @Override
    public void addDependency(String dependency, String dependent) {
      throw reached();
    }

    @Override
    public Set<String> dependentsOf(String dependency) {
      throw reached();
    }
  }

  private static final class UnreachableEntries implements EntryStore {
    @Override
    public Optional<StoredEntry> get(String key) {
      throw reached();
    }

    @Override
    public boolean putIfNewer(StoredEntry entry) {
      throw reached();
    }

    @Override
    public Optional<StoredEntry> replace(StoredEntry current, byte[] value, Instant modified,
        Instant expiresAt) {
      throw reached();
    }

    @Override
    public void delete(String key) {
      throw reached();
    }

    @Override
    public boolean deleteIfVersion(String key, long version) {
      throw reached();
    }

    @Override
    public long nextVersion(String key) {
      throw reached();
    }
  }
}
