package dev.kck.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kck.cache.CachedEntry;
import dev.kck.cache.VersionListener;
import dev.kck.definition.Definitions;
import dev.kck.journal.WebhookOutbox;
import dev.kck.kernel.Json;
import dev.kck.product.Key;
import dev.kck.product.Webhook;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues a delivery for every webhook of a product each time this instance writes a new version of
 * one of its keys, durably, before the writer goes on: what is queued survives a restart and is sent
 * by whichever instance is free ({@link WebhookSender}). The body is fixed now, so each version is
 * delivered as it was, however many follow it.
 */
public final class WebhookRequests implements VersionListener {
  private static final Logger log = LoggerFactory.getLogger(WebhookRequests.class);
  static final String NEW_VERSION = "new_version";

  private final Definitions definitions;
  private final WebhookOutbox outbox;
  private final MeterRegistry meters;

  public WebhookRequests(Definitions definitions, WebhookOutbox outbox, MeterRegistry meters) {
    this.definitions = definitions;
    this.outbox = outbox;
    this.meters = meters;
  }

  /** True when some product has a webhook: else nothing is ever queued or sent. */
  public boolean any() {
    return !definitions.webhooks().isEmpty();
  }

  @Override
  public void written(CachedEntry entry, Origin origin) {
    String product = Key.productOf(entry.key());
    List<WebhookOutbox.Delivery> deliveries = new ArrayList<>();
    for (Webhook hook : definitions.webhooksOf(product)) {
      if (hook.sends(NEW_VERSION)) {
        deliveries.add(new WebhookOutbox.Delivery(product, hook.url().toString(), entry.key(), entry.version(),
            "msg_" + UUID.randomUUID(), body(hook, entry)));
      }
    }
    if (deliveries.isEmpty()) {
      return;
    }
    try {
      outbox.enqueue(deliveries);
    } catch (RuntimeException e) {
      // The value is stored and served; only its announcement to the receivers is lost.
      Counter.builder("kck.webhook.enqueue.failures")
          .description("New versions whose webhook deliveries could not be queued (the source database failed)")
          .tag("product", product).register(meters).increment();
      log.error("Could not queue the webhooks of {} version {}: {}", entry.key(), entry.version(), e.getMessage());
    }
  }

  private static byte[] body(Webhook hook, CachedEntry entry) {
    if (hook.body() == Webhook.Body.ENTRY) {
      return entry.body(false);
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("key", entry.key());
    body.put("version", entry.version());
    body.put("modified", entry.modified().toString());
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }
}
