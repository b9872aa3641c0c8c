package dev.kck.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on a loopback port, as a partner would run one: it verifies each delivery by
 * the Standard Webhooks algorithm itself (not KCK's code) and keeps the verified ones, the first of
 * each {@code webhook-id} only (a repeat is the at-least-once retry of one it already has). It can
 * be stopped and started again on the same port.
 */
final class WebhookReceiver implements AutoCloseable {
  /** A delivery received and verified. */
  record Delivery(String path, String id, long timestamp, String body) {}

  private final byte[] key;
  private final Map<String, Delivery> received = new LinkedHashMap<>();
  private final List<String> refused = new ArrayList<>();
  private int port;
  private HttpServer server;

  WebhookReceiver(String secret) {
    this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
  }

  synchronized WebhookReceiver start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
    return this;
  }

  synchronized void stop() {
    server.stop(0);
  }

  int port() {
    return port;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
    String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
    boolean valid = id != null && timestamp != null && signatures != null && verifies(id, timestamp, body, signatures);
    synchronized (this) {
      if (valid) {
        received.putIfAbsent(id, new Delivery(exchange.getRequestURI().getPath(), id, Long.parseLong(timestamp),
            new String(body, StandardCharsets.UTF_8)));
      } else {
        refused.add(id);
      }
    }
    exchange.sendResponseHeaders(valid ? 204 : 400, -1);
    exchange.close();
  }

  /** The header lists space-separated {@code v1,<base64>} signatures; one matching suffices. */
  private boolean verifies(String id, String timestamp, byte[] body, String signatures) {
    byte[] expected = hmac((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    for (String signature : signatures.split(" ")) {
      if (signature.startsWith("v1,")
          && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
        return true;
      }
    }
    return false;
  }

  private byte[] hmac(byte[] prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(prefix);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The verified deliveries to a path, first arrival of each id, in arrival order. */
  synchronized List<Delivery> received(String path) {
    return received.values().stream().filter(d -> d.path().equals(path)).toList();
  }

  synchronized List<String> refused() {
    return List.copyOf(refused);
  }

  @Override
  public void close() {
    stop();
  }
}
