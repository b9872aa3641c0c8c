package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kck.config.KckConfig;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * 10,000 long polls held at once on one instance (the server runs in this JVM, the clients in a
 * child process, whose sockets would not fit in this one's file limit): they hold no thread while
 * they wait, and one new version answers every one. A first round warms Jetty's pool, which grows
 * with how many requests arrive at once, not with how many are held; the second is measured.
 */
class LongPollLoadIT {
  private static final int POLLS = 10_000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private record Round(int threadsBefore, int threadsHeld, long jettyThreadsInKckFirstSample, long answeredMillis,
      String outcome) {}

  @Test
  void ten_thousand_held_fetches_hold_no_threads_and_all_answer() throws Exception {
    KckConfig.Live live = new KckConfig.Live(100, 16, 20_000, 20_000, 1 << 20, Duration.ofSeconds(15));
    try (RunningApp kck = RunningApp.start(TestConfigs.withLive(TestConfigs.demo(DemoDatabase.newCopy(), "memory"),
        live))) {
      Round warmUp = round(kck);
      Round measured = round(kck);

      System.out.println("LIVEFIG " + POLLS + " held polls, warm-up " + warmUp + ", measured " + measured);
      for (Round round : List.of(warmUp, measured)) {
        assertThat(round.outcome()).startsWith("DONE 200=" + POLLS + " last_ms=");
      }
      assertThat(measured.threadsHeld() - measured.threadsBefore()).as("threads added while 10,000 polls are held")
          .isLessThan(50);
    }
  }

  /** Holds POLLS polls of store/1, counts threads, answers them all with one new version. */
  private static Round round(RunningApp kck) throws Exception {
    String etag = kck.request().get("/fetch/store/1").then().statusCode(200).extract().header("ETag");
    int before = THREADS.getThreadCount();
    List<String> lines = new CopyOnWriteArrayList<>();
    Process flood = flood(kck, etag, lines);
    try {
      await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
          .until(() -> LiveMetrics.gauge(kck, "kck_live_waiters") == POLLS);
      int held = THREADS.getThreadCount();
      long inKck = jettyThreadsInKck();
      // The handler of the last poll may still be returning when the waiter count reaches POLLS; a
      // thread per held poll would keep thousands inside KCK, so the count must settle at zero.
      await("no Jetty thread inside KCK while the polls wait (first sample: " + inKck + ")")
          .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .until(() -> jettyThreadsInKck() == 0);
      long bumped = System.nanoTime();
      SubscribeIT.bump(kck, "store/1");
      await().atMost(Duration.ofSeconds(120)).until(() -> lines.stream().anyMatch(line -> line.startsWith("DONE")));
      long answered = (System.nanoTime() - bumped) / 1_000_000;
      flood.waitFor();
      return new Round(before, held, inKck, answered,
          lines.stream().filter(line -> line.startsWith("DONE")).findFirst().orElseThrow());
    } finally {
      flood.destroyForcibly();
    }
  }

  private static Process flood(RunningApp kck, String etag, List<String> lines) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        PollFlood.class.getName(), "127.0.0.1", Integer.toString(kck.port()), "/fetch/store/1", etag,
        Integer.toString(POLLS)).redirectErrorStream(true).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (Exception e) {
        // the child ended
      }
    }, "test-poll-flood-output");
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  private static long jettyThreadsInKck() {
    return Arrays.stream(THREADS.dumpAllThreads(false, false)).filter(LongPollLoadIT::jettyInKck).count();
  }

  /** A Jetty thread whose stack is inside KCK: what a request holding its thread would look like. */
  private static boolean jettyInKck(ThreadInfo thread) {
    return thread.getThreadName().startsWith("JettyServerThreadPool")
        && Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getClassName().startsWith("dev.kck."));
  }
}
