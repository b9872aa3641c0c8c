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
import java.util.concurrent.atomic.AtomicInteger;

/** A JWKS endpoint on 127.0.0.1, port 0, whose answer a test changes between requests. */
final class JwksServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 200;
  private volatile String body = "{\"keys\":[]}";
  private volatile String cacheControl;

  JwksServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/jwks.json", exchange -> {
      requests.incrementAndGet();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (cacheControl != null) {
        exchange.getResponseHeaders().set("Cache-Control", cacheControl);
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
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
    this.status = 200;
    this.cacheControl = cacheControl;
    this.body = "{\"keys\":[" + String.join(",", jwks) + "]}";
  }

  void fail(int status) {
    this.status = status;
    this.body = "{\"error\":\"down\"}";
  }

  @Override
  public void close() {
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
