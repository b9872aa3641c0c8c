package dev.kck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every backend's {@link QueueInspection} must do: the depth, the oldest request, and the live
 * claims with holder and lease end. A persistent store holds other tests' requests too, so tests
 * count from what was there before and look only at their own keys. One subclass per backend.
 */
public abstract class QueueInspectionContract extends StoreContract {
  @Test
  void depth_counts_pending_and_claimed_requests_and_oldest_is_no_later_than_the_first_request() {
    long before = store.queueInspection().snapshot(0).depth();
    store.queue().request(key("a"), 1);
    store.queue().request(key("a"), 1);
    store.queue().request(key("b"), 1);

    QueueInspection.QueueSnapshot snapshot = store.queueInspection().snapshot(0);

    assertThat(snapshot.depth()).isEqualTo(before + 2).isEqualTo(store.queue().pending());
    assertThat(snapshot.oldestRequested()).isNotNull().isBeforeOrEqualTo(now().plusSeconds(1));
    assertThat(snapshot.claimed()).isEmpty();
  }

  @Test
  void a_claim_is_listed_with_its_holder_and_lease_end_until_it_completes() {
    store.queue().request(key("k"), 1);
    String holder = key("holder");
    RefreshRequest claimed = claimMine(holder).get(0);

    assertThat(mine(store.queueInspection().snapshot(10_000).claimed())).singleElement().satisfies(claim -> {
      assertThat(claim.key()).isEqualTo(key("k"));
      assertThat(claim.holder()).isEqualTo(holder);
      assertThat(claim.leaseUntil()).isCloseTo(now().plus(LONG), within(5, ChronoUnit.SECONDS));
    });

    store.queue().complete(claimed, holder);
    assertThat(mine(store.queueInspection().snapshot(10_000).claimed())).isEmpty();
  }

  @Test
  void a_released_claim_backing_off_is_not_listed_as_claimed() {
    store.queue().request(key("k"), 1);
    String holder = key("holder");
    RefreshRequest claimed = claimMine(holder).get(0);
    store.queue().release(claimed, holder, LONG);

    QueueInspection.QueueSnapshot snapshot = store.queueInspection().snapshot(10_000);
    assertThat(mine(snapshot.claimed())).isEmpty();
    assertThat(snapshot.depth()).isPositive();
  }

  @Test
  void claims_listed_stop_at_the_limit() {
    List<String> keys = List.of(key("1"), key("2"), key("3"));
    store.queue().requestAll(keys, 1);
    claimMine(key("holder"));

    assertThat(store.queueInspection().snapshot(2).claimed()).hasSize(2);
  }

  private List<QueueInspection.Claim> mine(List<QueueInspection.Claim> claims) {
    return claims.stream().filter(claim -> isMine(claim.key())).toList();
  }

  /** Claims until this test's requests are all held by {@code holder}; others' are held too, with a lease no test outlives. */
  private List<RefreshRequest> claimMine(String holder) {
    List<RefreshRequest> mine = new ArrayList<>();
    for (int round = 0; round < 100; round++) {
      List<RefreshRequest> claimed = store.queue().claim(holder, LONG, 1000);
      if (claimed.isEmpty()) {
        break;
      }
      claimed.stream().filter(request -> isMine(request.key())).forEach(mine::add);
    }
    assertThat(mine).isNotEmpty();
    return mine;
  }

}
