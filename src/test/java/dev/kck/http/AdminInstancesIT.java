package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.testing.Cluster;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/instances}: two instances sharing a postgres cache store each list both, from
 * the heartbeats in the store; an instance that stops cleanly leaves the list at once.
 */
class AdminInstancesIT {
  private static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = new Cluster(TestConfigs.demo(DemoDatabase.newCopy(), "postgres"), 2);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void refuses_without_a_token_or_without_kck_admin() {
    AdminCalls.refuseWithoutTokenOrScope(cluster.get(0), "GET", "/admin/instances");
  }

  @Test
  void every_instance_lists_both_then_one_after_the_other_stops() {
    RunningApp a = cluster.get(0);
    RunningApp b = cluster.get(1);
    for (RunningApp asked : List.of(a, b)) {
      List<Map<String, Object>> instances = instances(asked);
      assertThat(instances).extracting(instance -> instance.get("id"))
          .containsExactlyInAnyOrder(a.app().instanceId(), b.app().instanceId());
      assertThat(instances).allSatisfy(instance -> {
        assertThat(instance).containsOnlyKeys("id", "host", "started", "last_seen", "version");
        assertThat((String) instance.get("version")).isNotBlank().isNotEqualTo("unknown");
        Instant started = Instant.parse((String) instance.get("started"));
        assertThat(Instant.parse((String) instance.get("last_seen"))).isAfterOrEqualTo(started)
            .isBefore(Instant.now().plusSeconds(1));
      });
      assertThat(instances).extracting(instance -> instance.get("host"))
          .containsExactlyInAnyOrder("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
    }

    cluster.stop(1);

    assertThat(instances(a)).extracting(instance -> instance.get("id")).containsExactly(a.app().instanceId());
  }

  private static List<Map<String, Object>> instances(RunningApp app) {
    JsonPath body = AdminCalls.admin(app).get("/admin/instances").then().statusCode(200)
        .contentType("application/json").extract().jsonPath();
    return body.getList("instances");
  }
}
