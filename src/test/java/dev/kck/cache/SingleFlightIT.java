package dev.kck.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.testing.CountingPrimer;
import dev.kck.testing.RunningApp;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrent misses of one key share one primer run. */
class SingleFlightIT {
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    kck = RunningApp.demo("postgres");
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void two_hundred_concurrent_fetches_of_a_cold_key_run_the_primer_once() throws Exception {
    String key = "counted/" + System.nanoTime();
    List<Response> responses = fetchConcurrently(key, 200);

    assertThat(CountingPrimer.runs(key)).isEqualTo(1);
    assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
    assertThat(responses.stream().map(r -> r.header("ETag")).distinct()).hasSize(1);
    assertThat(responses.stream().map(r -> r.jsonPath().getInt("value.run")).distinct()).containsExactly(1);
  }

  private static List<Response> fetchConcurrently(String key, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Callable<Response>> calls = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        calls.add(() -> kck.as("u", CountingPrimer.SCOPE).get("/fetch/" + key));
      }
      List<Response> responses = new ArrayList<>();
      for (Future<Response> future : pool.invokeAll(calls)) {
        responses.add(future.get());
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }
}
