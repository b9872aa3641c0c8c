package dev.kck.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every backend's {@link LeaseStore} must do. One subclass per backend. */
public abstract class LeaseStoreContract extends StoreContract {
  @Test
  void first_owner_gets_the_lease() {
    assertThat(store.leases().take(key("lease"), "a", LONG)).isTrue();
  }

  @Test
  void second_owner_is_refused_while_the_lease_is_held() {
    store.leases().take(key("lease"), "a", LONG);

    assertThat(store.leases().take(key("lease"), "b", LONG)).isFalse();
  }

  @Test
  void owner_renews_its_own_lease() {
    store.leases().take(key("lease"), "a", LONG);

    assertThat(store.leases().take(key("lease"), "a", LONG)).isTrue();
    assertThat(store.leases().take(key("lease"), "b", LONG)).isFalse();
  }

  @Test
  void another_owner_takes_an_expired_lease_over() {
    String lease = key("lease");
    store.leases().take(lease, "a", shortLifetime());
    assertThat(store.leases().take(lease, "b", LONG)).isFalse();

    afterTimePasses(shortLifetime(), () -> assertThat(store.leases().take(lease, "b", LONG)).isTrue());
    assertThat(store.leases().take(lease, "a", LONG)).isFalse();
  }

  @Test
  void release_lets_another_owner_take_the_lease_at_once() {
    store.leases().take(key("lease"), "a", LONG);

    store.leases().release(key("lease"), "a");

    assertThat(store.leases().take(key("lease"), "b", LONG)).isTrue();
  }

  @Test
  void release_by_another_owner_does_nothing() {
    store.leases().take(key("lease"), "a", LONG);

    store.leases().release(key("lease"), "b");

    assertThat(store.leases().take(key("lease"), "b", LONG)).isFalse();
    assertThat(store.leases().take(key("lease"), "a", LONG)).isTrue();
  }

  @Test
  void leases_of_different_names_are_independent() {
    store.leases().take(key("one"), "a", LONG);

    assertThat(store.leases().take(key("two"), "b", LONG)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("dev.kck.store.StoreContract#oddKeys")
  void odd_names_are_leased(String name) {
    assertThat(store.leases().take(name, "a", LONG)).isTrue();
    assertThat(store.leases().take(name, "b", LONG)).isFalse();
    store.leases().release(name, "a");
    assertThat(store.leases().take(name, "b", LONG)).isTrue();
  }
}
