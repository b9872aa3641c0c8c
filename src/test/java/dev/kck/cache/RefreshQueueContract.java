package dev.kck.cache;

import static java.time.temporal.ChronoUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kck.testing.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The durable refresh queue and recorded dependencies: part of {@link CacheStoreContract}.
 *
 * <p>A claim takes requests of every test that ran before on a persistent store. Tests therefore
 * look only at their own keys ({@link #claimMine}), claim with a lease no test outlives, and those
 * that count on an otherwise empty queue (order, limits) first drain what earlier tests left.
 */
public abstract class RefreshQueueContract extends StoreContractHooks {
  /** More claim rounds than any test needs: 100 requests take at most 34 rounds of 3. */
  private static final int MAX_ROUNDS = 200;

  @Test
  void requests_of_one_key_make_one_request_with_the_demand_summed() {
    long before = store.pendingRefreshes();
    store.requestRefresh(key("k"), 2);
    store.requestRefresh(key("k"), 3);
    store.requestRefresh(key("other"), 1);

    assertThat(store.pendingRefreshes()).isEqualTo(before + 2);
    List<RefreshRequest> claimed = claimMine("a", LONG);
    assertThat(claimed).extracting(RefreshRequest::key).containsExactlyInAnyOrder(key("k"), key("other"));
    assertThat(claimed).filteredOn(request -> request.key().equals(key("k"))).singleElement()
        .satisfies(request -> {
          assertThat(request.demand()).isEqualTo(5);
          assertThat(request.firstRequested()).isCloseTo(now(), within(1, MINUTES));
        });
  }

  @Test
  void requests_of_many_keys_at_once_queue_each_key_once_and_add_to_pending_demand() {
    long before = store.pendingRefreshes();
    store.requestRefresh(key("queued"), 2);

    store.requestRefreshes(List.of(key("queued"), key("new-1"), key("new-2"), key("new-1")), 3);

    assertThat(store.pendingRefreshes()).isEqualTo(before + 3);
    List<RefreshRequest> claimed = claimMine("a", LONG);
    assertThat(claimed).extracting(RefreshRequest::key)
        .containsExactlyInAnyOrder(key("queued"), key("new-1"), key("new-2"));
    assertThat(claimed).filteredOn(request -> request.key().equals(key("queued"))).singleElement()
        .extracting(RefreshRequest::demand).isEqualTo(5L);
  }

  @Test
  void a_large_fan_out_queues_every_key() {
    long before = store.pendingRefreshes();
    List<String> keys = IntStream.range(0, 200).mapToObj(i -> key("fan-out/" + i)).toList();

    store.requestRefreshes(keys, 1);

    assertThat(store.pendingRefreshes()).isEqualTo(before + keys.size());
    List<String> claimed = new ArrayList<>();
    store.claimRefreshes("a", LONG, 1000).forEach(request -> claimed.add(request.key()));
    assertThat(claimed).containsAll(keys);
  }

  @Test
  void a_request_of_many_made_while_one_is_claimed_survives_its_completion() {
    long before = store.pendingRefreshes();
    store.requestRefresh(key("k"), 1);
    RefreshRequest first = claimOne("a", LONG);
    store.requestRefreshes(List.of(key("k")), 1);

    store.completeRefresh(first, "a");

    assertThat(store.pendingRefreshes()).isEqualTo(before + 1);
    assertThat(claimOne("b", LONG).generation()).isGreaterThan(first.generation());
  }

  @Test
  void claims_the_most_demanded_first_then_the_first_requested() {
    drainRefreshQueue();
    // Names sort against request order, so ordering by key cannot pass for ordering by age.
    store.requestRefresh(key("z-once"), 1);
    store.requestRefresh(key("y-thrice"), 1);
    store.requestRefresh(key("a-once"), 1);
    store.requestRefresh(key("b-thrice"), 3);
    store.requestRefresh(key("y-thrice"), 2); // more demand later does not make it younger

    assertThat(store.claimRefreshes("a", LONG, 3)).extracting(RefreshRequest::key)
        .containsExactly(key("y-thrice"), key("b-thrice"), key("z-once"));
    assertThat(store.claimRefreshes("a", LONG, 3)).extracting(RefreshRequest::key)
        .containsExactly(key("a-once"));
  }

  @Test
  void a_claimed_request_is_not_claimed_again_while_its_lease_lasts() {
    store.requestRefresh(key("k"), 1);
    assertThat(claimMine("a", LONG)).extracting(RefreshRequest::key).containsExactly(key("k"));

    store.requestRefresh(key("k"), 1);

    assertThat(claimMine("b", LONG)).isEmpty();
    assertThat(claimMine("a", LONG)).isEmpty();
  }

  @Test
  void another_owner_takes_over_a_claim_whose_lease_expired() {
    long before = store.pendingRefreshes();
    store.requestRefresh(key("k"), 1);
    RefreshRequest stalled = claimOne("a", shortLifetime());
    assertThat(claimMine("b", LONG)).isEmpty();

    AtomicReference<RefreshRequest> takenOver = new AtomicReference<>();
    afterTimePasses(shortLifetime(), () -> takenOver.set(claimOne("b", LONG)));

    store.completeRefresh(stalled, "a"); // the stalled owner finishing late changes nothing
    assertThat(store.pendingRefreshes()).isEqualTo(before + 1);
    store.completeRefresh(takenOver.get(), "b");
    assertThat(store.pendingRefreshes()).isEqualTo(before);
  }

  @Test
  void completing_a_claim_removes_the_request() {
    long before = store.pendingRefreshes();
    store.requestRefresh(key("k"), 2);

    store.completeRefresh(claimOne("a", LONG), "a");

    assertThat(store.pendingRefreshes()).isEqualTo(before);
    store.requestRefresh(key("k"), 1);
    assertThat(claimOne("b", LONG).demand()).as("a new request, not the completed one").isEqualTo(1);
  }

  @Test
  void a_request_made_while_claimed_survives_completion_and_is_claimable_at_once() {
    long before = store.pendingRefreshes();
    store.requestRefresh(key("k"), 1);
    RefreshRequest first = claimOne("a", LONG);
    store.requestRefresh(key("k"), 1);

    store.completeRefresh(first, "a");

    assertThat(store.pendingRefreshes()).isEqualTo(before + 1);
    RefreshRequest again = claimOne("b", LONG);
    assertThat(again.generation()).isGreaterThan(first.generation());
    store.completeRefresh(again, "b");
    assertThat(store.pendingRefreshes()).isEqualTo(before);
  }

  @Test
  void completing_by_another_owner_does_nothing() {
    long before = store.pendingRefreshes();
    store.requestRefresh(key("k"), 1);
    RefreshRequest claimed = claimOne("a", LONG);

    store.completeRefresh(claimed, "b");

    assertThat(store.pendingRefreshes()).isEqualTo(before + 1);
    assertThat(claimMine("b", LONG)).as("a still holds it").isEmpty();
    store.completeRefresh(claimed, "a");
    assertThat(store.pendingRefreshes()).isEqualTo(before);
  }

  @Test
  void a_released_request_is_claimable_again_only_after_its_retry_delay() {
    long before = store.pendingRefreshes();
    store.requestRefresh(key("k"), 1);
    RefreshRequest claimed = claimOne("a", LONG);

    store.releaseRefresh(claimed, "a", shortLifetime());

    assertThat(store.pendingRefreshes()).isEqualTo(before + 1);
    assertThat(claimMine("b", LONG)).isEmpty();
    afterTimePasses(shortLifetime(),
        () -> assertThat(claimMine("b", LONG)).extracting(RefreshRequest::key).containsExactly(key("k")));
  }

  @Test
  void only_the_owner_releases_and_a_released_claim_is_no_longer_its_to_complete() {
    store.requestRefresh(key("k"), 2);
    RefreshRequest claimed = claimOne("a", LONG);

    store.releaseRefresh(claimed, "b", Duration.ZERO);
    assertThat(claimMine("c", LONG)).as("b never held it").isEmpty();
    store.releaseRefresh(claimed, "a", Duration.ZERO);
    store.completeRefresh(claimed, "a");

    assertThat(claimMine("c", LONG)).singleElement().satisfies(request -> {
      assertThat(request.key()).isEqualTo(key("k"));
      assertThat(request.demand()).as("released, not served: its demand stays").isEqualTo(2);
    });
  }

  @Test
  void two_owners_claiming_at_once_never_share_a_key_and_together_take_all() throws Exception {
    drainRefreshQueue();
    List<String> requested = IntStream.range(0, 100).mapToObj(i -> key("k" + i)).toList();
    for (int i = 0; i < requested.size(); i++) {
      store.requestRefresh(requested.get(i), 1 + i % 3);
    }

    List<List<String>> taken = Race.run(8, i -> () -> claimUntilEmpty(i % 2 == 0 ? "a" : "b"));

    List<String> all = taken.stream().flatMap(List::stream).toList();
    assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(requested);
  }

  @Test
  void dependencies_are_recorded_once_and_listed_by_dependency() {
    store.addDependency(key("book/7"), key("availability/7"));
    store.addDependency(key("book/7"), key("availability/7"));
    store.addDependency(key("book/7"), key("shelf/1"));
    store.addDependency(key("author/3"), key("availability/7"));

    assertThat(store.dependentsOf(key("book/7"))).containsExactlyInAnyOrder(key("availability/7"), key("shelf/1"));
    assertThat(store.dependentsOf(key("author/3"))).containsExactly(key("availability/7"));
    assertThat(store.dependentsOf(key("never-recorded"))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.kck.cache.StoreContractHooks#oddKeys")
  void odd_keys_are_queued_and_recorded_as_dependencies(String key) {
    store.requestRefresh(key, 1);
    assertThat(store.claimRefreshes("a", LONG, 1000)).filteredOn(request -> request.key().equals(key))
        .singleElement()
        .satisfies(claimed -> store.completeRefresh(claimed, "a"));

    store.addDependency(key, key);
    store.addDependency(key, key);

    assertThat(store.dependentsOf(key)).containsExactly(key);
  }

  // --- helpers ---

  /** Claims everything claimable for {@code owner} and returns this test's part of it. */
  protected List<RefreshRequest> claimMine(String owner, Duration lease) {
    return store.claimRefreshes(owner, lease, 1000).stream().filter(request -> isMine(request.key())).toList();
  }

  /** The one request of this test that {@code owner} claims now. */
  protected RefreshRequest claimOne(String owner, Duration lease) {
    List<RefreshRequest> claimed = claimMine(owner, lease);
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  /**
   * Completes every request claimable now, whichever test left it. Bounded, so a store that keeps
   * handing out claimed requests fails here instead of looping forever.
   */
  protected void drainRefreshQueue() {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<RefreshRequest> left = store.claimRefreshes("drain", LONG, 1000);
      if (left.isEmpty()) {
        return;
      }
      left.forEach(request -> store.completeRefresh(request, "drain"));
    }
    throw new AssertionError("the refresh queue did not drain in " + MAX_ROUNDS + " rounds");
  }

  /** Claims small batches until none is left; a claim that never runs dry fails the test. */
  private List<String> claimUntilEmpty(String owner) {
    List<String> keys = new ArrayList<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<RefreshRequest> batch = store.claimRefreshes(owner, LONG, 3);
      if (batch.isEmpty()) {
        return keys;
      }
      batch.forEach(request -> keys.add(request.key()));
    }
    throw new AssertionError(owner + " was still claiming after " + MAX_ROUNDS + " rounds");
  }
}
