package dev.kck.store;

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
 * What every backend's {@link RefreshQueue} must do. One subclass per backend.
 *
 * <p>A claim takes requests of every test that ran before on a persistent store. Tests therefore
 * look only at their own keys ({@link #claimMine}), claim with a lease no test outlives, and those
 * that count on an otherwise empty queue (order, limits) first drain what earlier tests left.
 */
public abstract class RefreshQueueContract extends StoreContract {
  /** More claim rounds than any test needs: 100 requests take at most 34 rounds of 3. */
  private static final int MAX_ROUNDS = 200;

  @Test
  void requests_of_one_key_make_one_request_with_the_demand_summed() {
    long before = store.queue().pending();
    store.queue().request(key("k"), 2);
    store.queue().request(key("k"), 3);
    store.queue().request(key("other"), 1);

    assertThat(store.queue().pending()).isEqualTo(before + 2);
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
    long before = store.queue().pending();
    store.queue().request(key("queued"), 2);

    store.queue().requestAll(List.of(key("queued"), key("new-1"), key("new-2"), key("new-1")), 3);

    assertThat(store.queue().pending()).isEqualTo(before + 3);
    List<RefreshRequest> claimed = claimMine("a", LONG);
    assertThat(claimed).extracting(RefreshRequest::key)
        .containsExactlyInAnyOrder(key("queued"), key("new-1"), key("new-2"));
    assertThat(claimed).filteredOn(request -> request.key().equals(key("queued"))).singleElement()
        .extracting(RefreshRequest::demand).isEqualTo(5L);
  }

  @Test
  void a_large_fan_out_queues_every_key() {
    long before = store.queue().pending();
    List<String> keys = IntStream.range(0, 200).mapToObj(i -> key("fan-out/" + i)).toList();

    store.queue().requestAll(keys, 1);

    assertThat(store.queue().pending()).isEqualTo(before + keys.size());
    List<String> claimed = new ArrayList<>();
    store.queue().claim("a", LONG, 1000).forEach(request -> claimed.add(request.key()));
    assertThat(claimed).containsAll(keys);
  }

  @Test
  void a_request_of_many_made_while_one_is_claimed_survives_its_completion() {
    long before = store.queue().pending();
    store.queue().request(key("k"), 1);
    RefreshRequest first = claimOne("a", LONG);
    store.queue().requestAll(List.of(key("k")), 1);

    store.queue().complete(first, "a");

    assertThat(store.queue().pending()).isEqualTo(before + 1);
    assertThat(claimOne("b", LONG).generation()).isGreaterThan(first.generation());
  }

  @Test
  void claims_the_most_demanded_first_then_the_first_requested() {
    drainRefreshQueue();
    // Names sort against request order, so ordering by key cannot pass for ordering by age.
    store.queue().request(key("z-once"), 1);
    store.queue().request(key("y-thrice"), 1);
    store.queue().request(key("a-once"), 1);
    store.queue().request(key("b-thrice"), 3);
    store.queue().request(key("y-thrice"), 2); // more demand later does not make it younger

    assertThat(store.queue().claim("a", LONG, 3)).extracting(RefreshRequest::key)
        .containsExactly(key("y-thrice"), key("b-thrice"), key("z-once"));
    assertThat(store.queue().claim("a", LONG, 3)).extracting(RefreshRequest::key)
        .containsExactly(key("a-once"));
  }

  @Test
  void a_claimed_request_is_not_claimed_again_while_its_lease_lasts() {
    store.queue().request(key("k"), 1);
    assertThat(claimMine("a", LONG)).extracting(RefreshRequest::key).containsExactly(key("k"));

    store.queue().request(key("k"), 1);

    assertThat(claimMine("b", LONG)).isEmpty();
    assertThat(claimMine("a", LONG)).isEmpty();
  }

  @Test
  void another_owner_takes_over_a_claim_whose_lease_expired() {
    long before = store.queue().pending();
    store.queue().request(key("k"), 1);
    RefreshRequest stalled = claimOne("a", shortLifetime());
    assertThat(claimMine("b", LONG)).isEmpty();

    AtomicReference<RefreshRequest> takenOver = new AtomicReference<>();
    afterTimePasses(shortLifetime(), () -> takenOver.set(claimOne("b", LONG)));

    store.queue().complete(stalled, "a"); // the stalled owner finishing late changes nothing
    assertThat(store.queue().pending()).isEqualTo(before + 1);
    store.queue().complete(takenOver.get(), "b");
    assertThat(store.queue().pending()).isEqualTo(before);
  }

  @Test
  void completing_a_claim_removes_the_request() {
    long before = store.queue().pending();
    store.queue().request(key("k"), 2);

    store.queue().complete(claimOne("a", LONG), "a");

    assertThat(store.queue().pending()).isEqualTo(before);
    store.queue().request(key("k"), 1);
    assertThat(claimOne("b", LONG).demand()).as("a new request, not the completed one").isEqualTo(1);
  }

  @Test
  void a_request_made_while_claimed_survives_completion_and_is_claimable_at_once() {
    long before = store.queue().pending();
    store.queue().request(key("k"), 1);
    RefreshRequest first = claimOne("a", LONG);
    store.queue().request(key("k"), 1);

    store.queue().complete(first, "a");

    assertThat(store.queue().pending()).isEqualTo(before + 1);
    RefreshRequest again = claimOne("b", LONG);
    assertThat(again.generation()).isGreaterThan(first.generation());
    store.queue().complete(again, "b");
    assertThat(store.queue().pending()).isEqualTo(before);
  }

  @Test
  void completing_by_another_owner_does_nothing() {
    long before = store.queue().pending();
    store.queue().request(key("k"), 1);
    RefreshRequest claimed = claimOne("a", LONG);

    store.queue().complete(claimed, "b");

    assertThat(store.queue().pending()).isEqualTo(before + 1);
    assertThat(claimMine("b", LONG)).as("a still holds it").isEmpty();
    store.queue().complete(claimed, "a");
    assertThat(store.queue().pending()).isEqualTo(before);
  }

  @Test
  void a_released_request_is_claimable_again_only_after_its_retry_delay() {
    long before = store.queue().pending();
    store.queue().request(key("k"), 1);
    RefreshRequest claimed = claimOne("a", LONG);

    store.queue().release(claimed, "a", shortLifetime());

    assertThat(store.queue().pending()).isEqualTo(before + 1);
    assertThat(claimMine("b", LONG)).isEmpty();
    afterTimePasses(shortLifetime(),
        () -> assertThat(claimMine("b", LONG)).extracting(RefreshRequest::key).containsExactly(key("k")));
  }

  @Test
  void only_the_owner_releases_and_a_released_claim_is_no_longer_its_to_complete() {
    store.queue().request(key("k"), 2);
    RefreshRequest claimed = claimOne("a", LONG);

    store.queue().release(claimed, "b", Duration.ZERO);
    assertThat(claimMine("c", LONG)).as("b never held it").isEmpty();
    store.queue().release(claimed, "a", Duration.ZERO);
    store.queue().complete(claimed, "a");

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
      store.queue().request(requested.get(i), 1 + i % 3);
    }

    List<List<String>> taken = Race.run(8, i -> () -> claimUntilEmpty(i % 2 == 0 ? "a" : "b"));

    List<String> all = taken.stream().flatMap(List::stream).toList();
    assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(requested);
  }

  @ParameterizedTest
  @MethodSource("dev.kck.store.StoreContract#oddKeys")
  void odd_keys_are_queued(String key) {
    store.queue().request(key, 1);
    assertThat(store.queue().claim("a", LONG, 1000)).filteredOn(request -> request.key().equals(key))
        .singleElement()
        .satisfies(claimed -> store.queue().complete(claimed, "a"));
  }

  // --- helpers ---

  /** Claims everything claimable for {@code owner} and returns this test's part of it. */
  protected List<RefreshRequest> claimMine(String owner, Duration lease) {
    return store.queue().claim(owner, lease, 1000).stream().filter(request -> isMine(request.key())).toList();
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
      List<RefreshRequest> left = store.queue().claim("drain", LONG, 1000);
      if (left.isEmpty()) {
        return;
      }
      left.forEach(request -> store.queue().complete(request, "drain"));
    }
    throw new AssertionError("the refresh queue did not drain in " + MAX_ROUNDS + " rounds");
  }

  /** Claims small batches until none is left; a claim that never runs dry fails the test. */
  private List<String> claimUntilEmpty(String owner) {
    List<String> keys = new ArrayList<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<RefreshRequest> batch = store.queue().claim(owner, LONG, 3);
      if (batch.isEmpty()) {
        return keys;
      }
      batch.forEach(request -> keys.add(request.key()));
    }
    throw new AssertionError(owner + " was still claiming after " + MAX_ROUNDS + " rounds");
  }
}
