package dev.kck.webhook;

import dev.kck.definition.Definitions;
import dev.kck.journal.WebhookOutbox;
import dev.kck.journal.WebhookOutbox.Claimed;
import dev.kck.journal.WebhookOutbox.Delivery;
import dev.kck.product.Webhook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queued webhook deliveries, on every instance: each round claims the due ones (the first
 * pending delivery of each URL and key), posts them at once with the JDK's HTTP client, and removes
 * each a receiver answered 2xx; any other answer, a timeout or a refused connection postpones it
 * (1 s, 2 s, 4 s, ... up to 5 min) and the key's later versions wait behind it. At least once: a
 * receiver may see a delivery again (the same {@code webhook-id}) when an acknowledgement was lost.
 */
public final class WebhookSender {
  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
  static final int BATCH = 32;
  static final Duration CLAIM = Duration.ofSeconds(30);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LAST_RETRY = Duration.ofMinutes(5);
  private static final long BACKLOG_EVERY_MILLIS = 1000;

  private final Definitions definitions;
  private final WebhookOutbox outbox;
  private final Clock clock;
  private final MeterRegistry meters;
  private final HttpClient client;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong oldestAgeMillis = new AtomicLong();
  private volatile long backlogReadAt;

  /** @param executor where the HTTP client's work runs (and the outbox writes after each answer) */
  public WebhookSender(Definitions definitions, WebhookOutbox outbox, Clock clock, MeterRegistry meters,
      Executor executor) {
    this.definitions = definitions;
    this.outbox = outbox;
    this.clock = clock;
    this.meters = meters;
    this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
    Gauge.builder("kck.webhook.pending", pending, AtomicLong::get)
        .description("Webhook deliveries queued and not yet acknowledged, cluster-wide").register(meters);
    Gauge.builder("kck.webhook.oldest.pending.seconds", oldestAgeMillis, a -> a.get() / 1000.0)
        .description("How long the oldest queued webhook delivery has waited, cluster-wide (0 when none)")
        .register(meters);
  }

  /**
   * One round: sends what is due until nothing is, waiting for each batch's answers. Every failure
   * is caught here; the next round tries again.
   */
  public void round() {
    try {
      List<Claimed> claimed;
      do {
        claimed = outbox.claimDue(BATCH, CLAIM);
        CompletableFuture.allOf(claimed.stream().map(this::send).toArray(CompletableFuture[]::new)).join();
      } while (claimed.size() == BATCH);
      readBacklog();
    } catch (RuntimeException e) {
      log.warn("Webhook round failed; the next round retries: {}", e.getMessage());
    }
  }

  private CompletableFuture<Void> send(Claimed claimed) {
    Delivery delivery = claimed.delivery();
    Optional<Webhook> hook = definitions.webhooksOf(delivery.product()).stream()
        .filter(h -> h.url().toString().equals(delivery.url())).findFirst();
    if (hook.isEmpty()) {
      log.warn("Dropping a delivery of {} version {} to {}: the product no longer has that webhook",
          delivery.key(), delivery.version(), delivery.url());
      count(delivery, "dropped");
      outbox.delivered(claimed.id());
      return CompletableFuture.completedFuture(null);
    }
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("User-Agent", "KCK-Webhooks")
        .header("webhook-id", delivery.messageId())
        .header("webhook-timestamp", Long.toString(timestamp))
        .header("webhook-signature",
            WebhookSignature.sign(hook.get().signingKey(), delivery.messageId(), timestamp, delivery.body()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
        .build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle((response, failure) -> {
          settle(claimed, failure != null ? describe(failure) : accepted(response.statusCode()));
          return null;
        });
  }

  private static String accepted(int status) {
    return status >= 200 && status < 300 ? null : "HTTP " + status;
  }

  /** Removes the delivery, or postpones it with the error; never throws (the next claim lapses instead). */
  private void settle(Claimed claimed, String error) {
    Delivery delivery = claimed.delivery();
    try {
      if (error == null) {
        outbox.delivered(claimed.id());
        count(delivery, "delivered");
        return;
      }
      Duration retry = backoff(claimed.attempts());
      count(delivery, "failed");
      log.info("Webhook to {} for {} version {} failed (attempt {}): {}; retrying in {} s", delivery.url(),
          delivery.key(), delivery.version(), claimed.attempts(), error, retry.toSeconds());
      outbox.retryLater(claimed.id(), retry, error);
    } catch (RuntimeException e) {
      log.warn("Could not record a webhook delivery's outcome; it is retried when its claim lapses: {}",
          e.getMessage());
    }
  }

  /** 1 s, 2 s, 4 s, ... up to 5 min. */
  static Duration backoff(int attempts) {
    Duration retry = FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
    return retry.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry;
  }

  private void count(Delivery delivery, String outcome) {
    Counter.builder("kck.webhook.deliveries")
        .description("Webhook delivery attempts: delivered (2xx), failed (retried later), dropped (webhook removed)")
        .tag("product", delivery.product()).tag("outcome", outcome).register(meters).increment();
  }

  private void readBacklog() {
    long now = System.currentTimeMillis();
    if (now - backlogReadAt < BACKLOG_EVERY_MILLIS) {
      return;
    }
    backlogReadAt = now;
    WebhookOutbox.Backlog backlog = outbox.backlog();
    pending.set(backlog.pending());
    oldestAgeMillis.set(backlog.oldestAgeMillis());
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
