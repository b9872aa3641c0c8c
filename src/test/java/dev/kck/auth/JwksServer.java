package dev.kck.auth;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A JWKS endpoint on 127.0.0.1, port 0, whose answer a test changes between requests. */
final class JwksServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 200;
  private volatile String body = "{\"keys\":[]}";
  private volatile String cacheControl;
  private volatile Mode mode = Mode.NORMAL;
  private volatile CountDownLatch stalled = new CountDownLatch(0);

  /** How the next answers behave: as served, headers then nothing, or a body over 1 MB. */
  private enum Mode { NORMAL, STALL_AFTER_HEADERS, OVERSIZED }

  JwksServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool()); // a stalled answer must not hold up the others
    server.createContext("/jwks.json", exchange -> {
      requests.incrementAndGet();
      byte[] bytes = mode == Mode.OVERSIZED ? oversized() : body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (cacheControl != null) {
        exchange.getResponseHeaders().set("Cache-Control", cacheControl);
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (mode == Mode.STALL_AFTER_HEADERS) {
          out.flush();
          awaitRecovery();
          return; // the body never comes
        }
        out.write(bytes);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
  }

  int requests() {
    return requests.get();
  }

  void serve(String cacheControl, String... jwks) {
    this.mode = Mode.NORMAL;
    this.stalled.countDown();
    this.status = 200;
    this.cacheControl = cacheControl;
    this.body = "{\"keys\":[" + String.join(",", jwks) + "]}";
  }

  /** Answers send their headers, then nothing until {@link #serve} is called again. */
  void stallAfterHeaders() {
    stalled = new CountDownLatch(1);
    mode = Mode.STALL_AFTER_HEADERS;
  }

  /** Answers are 200 with a body of 2 MB (a JWK Set padded with white space). */
  void serveOversized() {
    mode = Mode.OVERSIZED;
  }

  private byte[] oversized() {
    byte[] bytes = new byte[2 * 1024 * 1024];
    Arrays.fill(bytes, (byte) ' ');
    byte[] json = body.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(json, 0, bytes, 0, json.length);
    return bytes;
  }

  private void awaitRecovery() {
    try {
      stalled.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void fail(int status) {
    this.status = status;
    this.body = "{\"error\":\"down\"}";
  }

  @Override
  public void close() {
    stalled.countDown();
    server.stop(0);
  }

  static String rsaJwk(String kid, String alg, KeyPair pair) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\"" + (alg == null ? "" : ",\"alg\":\"" + alg + "\"")
        + ",\"use\":\"sig\",\"n\":\"" + base64(key.getModulus(), 0) + "\",\"e\":\"" + base64(key.getPublicExponent(), 0) + "\"}";
  }

  static String ecJwk(String kid, String crv, KeyPair pair) {
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    return "{\"kty\":\"EC\",\"kid\":\"" + kid + "\",\"crv\":\"" + crv + "\",\"x\":\"" + base64(key.getW().getAffineX(), size)
        + "\",\"y\":\"" + base64(key.getW().getAffineY(), size) + "\"}";
  }

  /** Unsigned big-endian, left-padded to size bytes (RFC 7518 section 6). */
  private static String base64(BigInteger value, int size) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (bytes.length < size) {
      byte[] padded = new byte[size];
      System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
      bytes = padded;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
