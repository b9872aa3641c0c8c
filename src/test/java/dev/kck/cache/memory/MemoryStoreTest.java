package dev.kck.cache.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.cache.CacheStore;
import dev.kck.cache.CacheStoreContract;
import dev.kck.cache.RefreshRequest;
import dev.kck.cache.StoredEntry;
import dev.kck.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;

/** The contract on a fake clock, plus what only the memory store does. */
class MemoryStoreTest extends CacheStoreContract {
  private final MutableClock clock = MutableClock.atFixedStart();

  @Override
  protected CacheStore newStore() {
    return new MemoryStore(clock);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @Override
  protected Duration shortLifetime() {
    return Duration.ofMinutes(1);
  }

  @Override
  protected void afterTimePasses(Duration elapsed, ThrowingRunnable expectation) {
    clock.advance(elapsed);
    try {
      expectation.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void renewal_extends_the_lease() {
    store.tryLease("lease", "a", Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(50));
    store.tryLease("lease", "a", Duration.ofMinutes(1));

    clock.advance(Duration.ofSeconds(50));

    assertThat(store.tryLease("lease", "b", Duration.ofMinutes(1))).isFalse();
  }

  @Test
  void lease_is_held_until_the_instant_it_expires() {
    store.tryLease("lease", "a", Duration.ofMinutes(1));

    clock.advance(Duration.ofMinutes(1).minusMillis(1));
    assertThat(store.tryLease("lease", "b", Duration.ofMinutes(1))).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.tryLease("lease", "b", Duration.ofMinutes(1))).isTrue();
  }

  @Test
  void purge_drops_expired_entries_and_keeps_live_ones() {
    MemoryStore memory = (MemoryStore) store;
    memory.putIfNewer(new StoredEntry("old", "1".getBytes(UTF_8), 1, clock.instant(), clock.instant().plusSeconds(1)));
    memory.putIfNewer(new StoredEntry("live", "2".getBytes(UTF_8), 2, clock.instant(), null));
    clock.advance(Duration.ofSeconds(1));

    memory.purgeExpired();
    clock.advance(Duration.ofDays(-1)); // were "old" still held, going back in time would revive it

    assertThat(memory.get("old")).isEmpty();
    assertThat(memory.get("live")).isPresent();
  }

  @Test
  void a_request_made_while_claimed_comes_back_with_only_its_own_demand_and_age() {
    store.requestRefresh("k", 2);
    RefreshRequest first = store.claimRefreshes("a", Duration.ofMinutes(1), 10).get(0);
    store.requestRefresh("k", 3);
    clock.advance(Duration.ofSeconds(7));

    store.completeRefresh(first, "a");

    RefreshRequest again = store.claimRefreshes("b", Duration.ofMinutes(1), 10).get(0);
    assertThat(again.demand()).isEqualTo(3);
    assertThat(again.firstRequested()).isEqualTo(clock.instant());
  }

  @Test
  void claim_is_held_until_the_instant_its_lease_ends() {
    store.requestRefresh("k", 1);
    store.claimRefreshes("a", Duration.ofMinutes(1), 10);

    clock.advance(Duration.ofMinutes(1).minusMillis(1));
    assertThat(store.claimRefreshes("b", Duration.ofMinutes(1), 10)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.claimRefreshes("b", Duration.ofMinutes(1), 10)).hasSize(1);
  }
}
