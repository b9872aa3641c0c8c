package dev.kck.store.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.store.CacheStore;
import dev.kck.store.RefreshRequest;
import dev.kck.store.StoredEntry;
import dev.kck.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What only the memory store does, on a fake clock (the contracts run in *ContractTest). */
class MemoryStoreTest {
  private final MutableClock clock = MutableClock.atFixedStart();
  private final CacheStore store = MemoryStore.open(clock);

  @Test
  void renewal_extends_the_lease() {
    store.leases().take("lease", "a", Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(50));
    store.leases().take("lease", "a", Duration.ofMinutes(1));

    clock.advance(Duration.ofSeconds(50));

    assertThat(store.leases().take("lease", "b", Duration.ofMinutes(1))).isFalse();
  }

  @Test
  void lease_is_held_until_the_instant_it_expires() {
    store.leases().take("lease", "a", Duration.ofMinutes(1));

    clock.advance(Duration.ofMinutes(1).minusMillis(1));
    assertThat(store.leases().take("lease", "b", Duration.ofMinutes(1))).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.leases().take("lease", "b", Duration.ofMinutes(1))).isTrue();
  }

  @Test
  void purge_drops_expired_entries_and_keeps_live_ones() {
    MemoryEntries entries = new MemoryEntries(clock);
    entries.putIfNewer(new StoredEntry("old", "1".getBytes(UTF_8), 1, clock.instant(), clock.instant().plusSeconds(1)));
    entries.putIfNewer(new StoredEntry("live", "2".getBytes(UTF_8), 2, clock.instant(), null));
    clock.advance(Duration.ofSeconds(1));

    entries.purgeExpired();
    clock.advance(Duration.ofDays(-1)); // were "old" still held, going back in time would revive it

    assertThat(entries.get("old")).isEmpty();
    assertThat(entries.get("live")).isPresent();
  }

  @Test
  void a_request_made_while_claimed_comes_back_with_only_its_own_demand_and_age() {
    store.queue().request("k", 2);
    RefreshRequest first = store.queue().claim("a", Duration.ofMinutes(1), 10).get(0);
    store.queue().request("k", 3);
    clock.advance(Duration.ofSeconds(7));

    store.queue().complete(first, "a");

    RefreshRequest again = store.queue().claim("b", Duration.ofMinutes(1), 10).get(0);
    assertThat(again.demand()).isEqualTo(3);
    assertThat(again.firstRequested()).isEqualTo(clock.instant());
  }

  @Test
  void claim_is_held_until_the_instant_its_lease_ends() {
    store.queue().request("k", 1);
    store.queue().claim("a", Duration.ofMinutes(1), 10);

    clock.advance(Duration.ofMinutes(1).minusMillis(1));
    assertThat(store.queue().claim("b", Duration.ofMinutes(1), 10)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.queue().claim("b", Duration.ofMinutes(1), 10)).hasSize(1);
  }
}
