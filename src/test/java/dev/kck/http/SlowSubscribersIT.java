package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kck.config.KckConfig;
import dev.kck.testing.Cluster;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's attack on streams, over HTTP on two instances: 40 subscribers of a large product that
 * never read must not hold back a reading subscriber, plain fetches, or the change feed of the
 * instance they are connected to; they are dropped.
 */
class SlowSubscribersIT {
  private static final int SLOW = 40;
  private static final int VERSIONS = 25;
  private static final String KEY = "live_blob/1";
  private static Cluster cluster;
  private static String jdbcUrl;

  @BeforeAll
  static void start() throws Exception {
    jdbcUrl = DemoDatabase.newCopy();
    sql("create table live_ticks (id int primary key, n int); insert into live_ticks values (1, 0)");
    // Every subscriber here is anonymous from one address: the per-caller limit must admit them all.
    KckConfig.Live live = new KckConfig.Live(1000, 100, 1000, 100, 1 << 20, Duration.ofSeconds(15));
    cluster = new Cluster(TestConfigs.withLive(TestConfigs.withProducts(TestConfigs.demo(jdbcUrl, "postgres"),
        TestConfigs.demoPlus("products-live")), live), 2);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void subscribers_that_do_not_read_hold_back_no_one_and_are_dropped() throws Exception {
    RunningApp a = cluster.get(0);
    RunningApp b = cluster.get(1);
    a.request().get("/fetch/" + KEY).then().statusCode(200);
    List<Socket> slow = new ArrayList<>();
    try (StreamReader reader = StreamReader.open(a.baseUrl() + "/subscribe/" + KEY, null, null)) {
      for (int i = 0; i < SLOW; i++) {
        slow.add(neverReading(a));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> LiveMetrics.gauge(a, "kck_live_streams") == SLOW + 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> reader.events().size() == 1);

      long worstStream = Long.MIN_VALUE; // an arrival may precede the bump's response: then it is negative
      long worstFetch = 0;
      List<Long> made = new ArrayList<>();
      for (int i = 0; i < VERSIONS; i++) {
        sql("update live_ticks set n = n + 1 where id = 1");
        long version = SubscribeIT.bump(b, KEY); // made on b: it reaches a through a's change feed
        long madeAt = System.nanoTime();
        made.add(version);
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(1))
            .until(() -> versionOn(a) >= version);
        worstFetch = Math.max(worstFetch, System.nanoTime() - madeAt);
        await().atMost(Duration.ofSeconds(1)).until(() -> last(reader) >= version);
        worstStream = Math.max(worstStream, arrival(reader, version) - madeAt);
      }

      assertThat(reader.events().stream().map(SubscribeIT::version).toList()).containsAll(made);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(LiveMetrics.sum(a, "kck_live_streams_ended_total", "reason=\"slow\"")).isEqualTo(SLOW);
        assertThat(LiveMetrics.gauge(a, "kck_live_streams")).isEqualTo(1);
      });
      assertThat(reader.ended()).isFalse();
      System.out.printf("LIVEFIG %d slow subscribers: worst new version on a stream %d ms, on a fetch %d ms%n",
          SLOW, worstStream / 1_000_000, worstFetch / 1_000_000); // after the bump's response on b
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  /** A subscriber that sends its request and never reads a byte, with a small receive window. */
  private static Socket neverReading(RunningApp instance) throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", instance.port()));
    OutputStream out = socket.getOutputStream();
    out.write(("GET /subscribe/" + KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static long versionOn(RunningApp instance) {
    String etag = instance.request().head("/fetch/" + KEY).then().statusCode(200).extract().header("ETag");
    return Long.parseLong(etag.replace("\"", ""));
  }

  /** When the reader got the version (System.nanoTime). */
  private static long arrival(StreamReader reader, long version) {
    return reader.events().stream().filter(event -> SubscribeIT.version(event) == version).findFirst()
        .orElseThrow().arrivedNanos();
  }

  private static long last(StreamReader reader) {
    List<StreamReader.Event> events = reader.events();
    return events.isEmpty() ? 0 : SubscribeIT.version(events.get(events.size() - 1));
  }

  private static void sql(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
