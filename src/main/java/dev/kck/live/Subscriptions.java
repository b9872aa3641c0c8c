package dev.kck.live;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.Fetcher;
import dev.kck.cluster.Change;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open {@code /subscribe} streams by key. Each gets the current entry, then every newer version as
 * the change feed reports it, from whichever instance produced it; versions only go forward.
 */
public final class Subscriptions {
  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

  private final Fetcher fetcher;
  private final Map<String, Map<SseClient, AtomicLong>> byKey = new ConcurrentHashMap<>();

  public Subscriptions(Fetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** Sends {@code current} now, then every newer version of the key until the client goes away. */
  public void subscribe(String key, SseClient client, CachedEntry current) {
    AtomicLong sent = new AtomicLong();
    byKey.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(client, sent);
    client.onClose(() -> unsubscribe(key, client));
    send(client, sent, current);
    client.keepAlive();
  }

  /** A change feed listener. */
  public void changed(Change change) {
    Map<SseClient, AtomicLong> clients = byKey.get(change.key());
    if (clients == null || clients.isEmpty() || change.kind() != Change.Kind.NEW_VERSION) {
      return;
    }
    fetcher.peek(change.key()).ifPresent(entry -> clients.forEach((client, sent) -> send(client, sent, entry)));
  }

  /** A comment line now and then keeps idle streams open through proxies. */
  public void heartbeat() {
    byKey.values().forEach(clients -> clients.keySet().forEach(Subscriptions::ping));
  }

  /** A failure here must not cancel the scheduled heartbeat: the client is just gone. */
  private static void ping(SseClient client) {
    try {
      client.sendComment("keep-alive");
    } catch (RuntimeException e) {
      log.debug("A subscriber went away: {}", e.getMessage());
    }
  }

  /** Ends every stream with a hint to reconnect in a few seconds (the instance is stopping). */
  public void closeAll() {
    byKey.values().forEach(clients -> clients.keySet().forEach(Subscriptions::close));
  }

  private static void close(SseClient client) {
    try {
      client.sendComment("closing: this instance is stopping; reconnect");
      var out = client.ctx().res().getOutputStream();
      out.write("retry: 2000\n\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      client.close();
    } catch (Exception e) {
      log.debug("A subscriber went away while closing: {}", e.getMessage());
    }
  }

  public int count() {
    return byKey.values().stream().mapToInt(Map::size).sum();
  }

  private static void send(SseClient client, AtomicLong sent, CachedEntry entry) {
    synchronized (sent) {
      if (entry.version() <= sent.get() || client.terminated()) {
        return;
      }
      sent.set(entry.version());
      try {
        client.sendEvent("entry", new String(entry.body(false), StandardCharsets.UTF_8), Long.toString(entry.version()));
      } catch (RuntimeException e) {
        log.debug("Could not send {} to a subscriber: {}", entry.key(), e.getMessage());
      }
    }
  }

  private void unsubscribe(String key, SseClient client) {
    byKey.computeIfPresent(key, (k, clients) -> {
      clients.remove(client);
      return clients.isEmpty() ? null : clients;
    });
  }

}
