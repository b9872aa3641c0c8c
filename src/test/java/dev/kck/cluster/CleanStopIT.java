package dev.kck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kck.testing.DemoDatabase;
import dev.kck.testing.KckProcess;
import dev.kck.testing.Sql;
import dev.kck.testing.TestConfigs;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM with slow fetches and an update in flight, on KCK run as users run it (the jar, in a
 * process of its own): every request answers 200, the update's row is there, the process exits 0,
 * and it leaves no lease or refresh claim behind for another instance to wait out.
 */
class CleanStopIT {
  private static final String IN_FLIGHT = """
      select count(*) from pg_stat_activity
      where state = 'active' and query like '%pg_sleep(2)%' and pid <> pg_backend_pid()
        and datname = current_database()
      """;

  @Test
  void sigterm_lets_requests_in_flight_finish_releases_what_it_holds_and_exits_0() throws Exception {
    String jdbcUrl = DemoDatabase.newCopy();
    String config = KckProcess.postgresConfig(jdbcUrl, "", "") + "products: " + TestConfigs.demoPlus("products-slow")
        + "\nupdaters: " + TestConfigs.demoUpdatersPlus("updaters-slow") + "\n";
    try (KckProcess kck = KckProcess.start("clean-stop", config)) {
      String instance = kck.instanceId();
      List<CompletableFuture<Response>> fetches = IntStream.rangeClosed(1, 3)
          .mapToObj(id -> CompletableFuture.supplyAsync(() -> kck.request().get("/fetch/slow_value/" + id)))
          .toList();
      CompletableFuture<Response> update = CompletableFuture.supplyAsync(() -> kck.as("ops", "")
          .contentType("application/json").body("{\"store_id\": 7, \"name\": \"Renamed on the way out\"}")
          .post("/update/slow_rename_store"));
      await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count(jdbcUrl, IN_FLIGHT) >= 4);

      kck.terminate();

      for (CompletableFuture<Response> fetch : fetches) {
        fetch.join().then().statusCode(200);
      }
      update.join().then().statusCode(200);
      assertThat(kck.awaitExit(Duration.ofSeconds(60))).as("exit status").isZero();
      assertThat(Sql.count(jdbcUrl, "select count(*) from stores where id = 7 and name = 'Renamed on the way out'"))
          .isOne();
      assertThat(Sql.count(jdbcUrl, "select count(*) from kck.leases where owner like '" + instance + "%'"))
          .as("leases left behind").isZero();
      assertThat(Sql.count(jdbcUrl, "select count(*) from kck.refresh_queue where claimed_by = '" + instance + "'"))
          .as("refresh claims left behind").isZero();
      assertThat(kck.output()).doesNotContain("Change feed connection lost");
    }
  }
}
