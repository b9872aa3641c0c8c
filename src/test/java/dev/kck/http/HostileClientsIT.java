package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.auth0.jwt.algorithms.Algorithm;
import dev.kck.config.ConfigLoader;
import dev.kck.config.KckConfig;
import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import dev.kck.testing.Tokens;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's hostile clients over HTTP against the real app: slow senders, oversized headers and
 * update arrays, tokens RFC 8725 refuses. Each case answers a 4xx problem document, never a 5xx or a
 * stack trace, and writes nothing. The listener is the built-in default's: 127.0.0.1 only.
 */
class HostileClientsIT {
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
  private static final int SLOW_SENDERS = 300;
  private static final int MAX_UPDATE_CALLS = 3;
  private static final String SALE = "{\"store_id\": 1, \"product_id\": 1, \"customer\": \"alice\", \"quantity\": 1, "
      + "\"amount\": 1.00}";

  private static String jdbcUrl;
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    jdbcUrl = DemoDatabase.newCopy();
    KckConfig demo = TestConfigs.demo(jdbcUrl, "memory");
    String defaultHost = new ConfigLoader().defaults(Map.of()).server().host();
    KckConfig.Limits limits = new KckConfig.Limits(IDLE_TIMEOUT, 256, 8 * 1024, MAX_UPDATE_CALLS,
        KckConfig.RateLimit.OFF);
    KckConfig.Server server = new KckConfig.Server(defaultHost, 0, demo.server().maxBody(), List.of(), "", limits);
    kck = RunningApp.start(new KckConfig(server, demo.auth(), demo.source(), demo.cache(), demo.products(),
        demo.updaters(), demo.plugins(), demo.refresh()));
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void slow_senders_hold_no_thread_and_are_closed_by_the_server() throws Exception {
    kck.request().get("/fetch/store/1").then().statusCode(200); // hot from here on
    long salesBefore = salesCount();
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < SLOW_SENDERS; i++) {
        slow.add(slowSender());
      }

      assertAnswersWithinASecond("/health/live");
      assertAnswersWithinASecond("/fetch/store/1");

      long started = System.nanoTime();
      for (Socket socket : slow) {
        assertThat(closedByServer(socket)).as("the server ends the connection").isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(IDLE_TIMEOUT.multipliedBy(4));
      assertThat(salesCount()).isEqualTo(salesBefore);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void headers_over_the_limit_get_a_431_problem() {
    String big = String.join("", Collections.nCopies(10 * 1024, "x"));
    kck.request().header("X-Padding", big).get("/fetch/store/1").then()
        .statusCode(431).contentType("application/problem+json").body("status", equalTo(431));
  }

  @Test
  void an_update_array_over_the_cap_is_a_400_naming_it_and_writes_nothing() throws Exception {
    long before = salesCount();
    String body = "[" + String.join(",", Collections.nCopies(MAX_UPDATE_CALLS + 1, SALE)) + "]";

    problem(kck.as("ops", "sales:write").contentType("application/json").body(body).post("/update/record_sale").then(),
        400).body("detail", containsString("at most " + MAX_UPDATE_CALLS + " calls"));

    assertThat(salesCount()).isEqualTo(before);
  }

  @Test
  void tokens_without_exp_with_crit_or_with_another_typ_are_refused_with_401() throws Exception {
    Algorithm key = Algorithm.HMAC256(TestConfigs.SECRET);
    long before = salesCount();
    List<String> hostile = List.of(
        com.auth0.jwt.JWT.create().withKeyId("test").withIssuer("kck").withAudience("kck").withSubject("ops")
            .withClaim("scope", "sales:write").withIssuedAt(java.time.Instant.now()).sign(key),
        Tokens.builder("ops", "sales:write").withHeader(Map.of("crit", List.of("x-kck"), "x-kck", true)).sign(key),
        Tokens.builder("ops", "sales:write").withHeader(Map.of("typ", "logout+jwt")).sign(key));

    for (String token : hostile) {
      problem(kck.request().header("Authorization", Tokens.bearer(token)).contentType("application/json").body(SALE)
          .post("/update/record_sale").then(), 401).header("WWW-Authenticate", containsString("invalid_token"));
      problem(kck.request().header("Authorization", Tokens.bearer(token)).get("/fetch/sales_summary").then(), 401);
    }
    assertThat(salesCount()).isEqualTo(before);
  }

  @Test
  void listens_on_the_loopback_interface_only() throws Exception {
    kck.request().get("/health/live").then().statusCode(200);
    Optional<InetAddress> elsewhere = nonLoopbackAddress();
    if (elsewhere.isEmpty()) {
      return; // a machine with no other interface: nothing else could reach it anyway
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(elsewhere.get(), kck.port()), 2000);
      throw new AssertionError("reachable on " + elsewhere.get());
    } catch (IOException expected) {
      // refused: nobody listens there
    }
  }

  private static ValidatableResponse problem(ValidatableResponse response, int status) {
    return response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
        .body(not(containsString("Exception"))).body(not(containsString("at dev.kck")));
  }

  private static void assertAnswersWithinASecond(String path) {
    long started = System.nanoTime();
    kck.request().get(path).then().statusCode(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as(path).isLessThan(Duration.ofSeconds(1));
  }

  /** Headers of an update that promises 1000 bytes, and one of them. */
  private static Socket slowSender() throws IOException {
    Socket socket = new Socket("127.0.0.1", kck.port());
    socket.setSoTimeout((int) IDLE_TIMEOUT.multipliedBy(5).toMillis());
    OutputStream out = socket.getOutputStream();
    out.write(("POST /update/record_sale HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer " + Tokens.of("ops", "sales:write") + "\r\nContent-Length: 1000\r\n\r\n{")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** Reads whatever the server says (a 408 at most) until it closes; false when our read timed out first. */
  private static boolean closedByServer(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // the server's last words, if any
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset by the server
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!network.isUp() || network.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        if (address instanceof Inet4Address) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  private static long salesCount() throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        ResultSet rows = connection.createStatement().executeQuery("select count(*) from sales")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
