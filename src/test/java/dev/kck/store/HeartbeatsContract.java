package dev.kck.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.store.Heartbeats.Instance;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every backend's {@link Heartbeats} must do: list the instances that beat within their
 * lifetime, with what they said of themselves, and drop those that stopped or left. Instances of
 * other tests may be listed too; tests look at their own ids. One subclass per backend.
 */
public abstract class HeartbeatsContract extends StoreContract {
  @Test
  void a_beating_instance_is_listed_with_what_it_said() {
    Instance instance = instance("a", "10.0.0.1:8080");
    store.heartbeats().beat(instance, LONG);

    assertThat(mine()).containsExactly(instance);
  }

  @Test
  void a_later_beat_replaces_the_earlier_one_and_two_instances_are_listed_oldest_started_first() {
    Instance first = instance("first", "a:1");
    Instance second = new Instance(key("second"), "b:1", first.started().plusSeconds(1), first.lastSeen(), "2.0");
    store.heartbeats().beat(second, LONG);
    store.heartbeats().beat(first, LONG);
    Instance later = new Instance(first.id(), first.host(), first.started(), first.lastSeen().plusSeconds(5), "1.0");
    store.heartbeats().beat(later, LONG);

    assertThat(mine()).containsExactly(later, second);
  }

  @Test
  void an_instance_that_leaves_is_no_longer_listed() {
    store.heartbeats().beat(instance("gone", "a:1"), LONG);
    store.heartbeats().beat(instance("stays", "b:1"), LONG);
    store.heartbeats().leave(key("gone"));

    assertThat(mine()).extracting(Instance::id).containsExactly(key("stays"));
  }

  @Test
  void an_instance_whose_beats_stop_drops_out_after_its_lifetime() {
    Duration lifetime = shortLifetime();
    store.heartbeats().beat(instance("silent", "a:1"), lifetime);
    assertThat(mine()).hasSize(1);

    afterTimePasses(lifetime, () -> assertThat(mine()).isEmpty());
  }

  private Instance instance(String name, String host) {
    return new Instance(key(name), host, millis(now()).minusSeconds(60), millis(now()), "1.0");
  }

  private List<Instance> mine() {
    return store.heartbeats().live().stream().filter(instance -> isMine(instance.id())).toList();
  }
}
