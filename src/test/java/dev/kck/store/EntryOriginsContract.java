package dev.kck.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.store.EntryOrigins.Origin;
import org.junit.jupiter.api.Test;

/** What every backend's {@link EntryOrigins} must do: keep the newest version's origin. One subclass per backend. */
public abstract class EntryOriginsContract extends StoreContract {
  @Test
  void the_origin_recorded_is_read_back() {
    Origin origin = new Origin(key("k"), 3, "instance-a", 12.5);
    store.origins().record(origin, null);

    assertThat(store.origins().get(key("k"))).contains(origin);
    assertThat(store.origins().get(key("never"))).isEmpty();
  }

  @Test
  void a_newer_version_replaces_the_origin() {
    store.origins().record(new Origin(key("k"), 3, "instance-a", 12.5), null);
    Origin newer = new Origin(key("k"), 4, "instance-b", 0.25);
    store.origins().record(newer, millis(now()).plus(LONG));

    assertThat(store.origins().get(key("k"))).contains(newer);
  }
}
