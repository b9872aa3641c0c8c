package dev.kck;

import dev.kck.cache.CachedEntry;
import dev.kck.cache.VersionListener;
import dev.kck.cluster.Notices;
import dev.kck.hook.Listeners;
import dev.kck.journal.JournalSchema;
import dev.kck.journal.WebhookOutbox;
import dev.kck.kernel.Threads;
import dev.kck.product.Key;
import dev.kck.store.StoredEntry;
import dev.kck.webhook.WebhookRequests;
import dev.kck.webhook.WebhookSender;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What tells code and services outside KCK what the cache did: the plugins' cache listeners (on
 * their own thread) and the products' webhooks (queued durably as each version is written, sent by
 * {@code kck-webhooks-1} with {@code kck-webhook-send-1..4} for the HTTP client). Built before the
 * read path, whose version listener and notices it wraps; the sending starts with the other
 * background work.
 */
record Hooks(Listeners listeners, WebhookRequests webhooks, WebhookSender sender, Core core) {
  private static final int SEND_THREADS = 4;
  private static final long ROUND_MILLIS = 250;

  static Hooks start(Core core) {
    Listeners listeners = core.lifecycle().started("cache listeners",
        new Listeners(core.definitions().listeners(), core.products(), core.instanceId(), core.metrics()));
    WebhookOutbox outbox = new WebhookOutbox(new JournalSchema(core.source().dataSource()), core.source().dataSource());
    WebhookRequests webhooks = new WebhookRequests(core.definitions(), outbox, core.metrics());
    WebhookSender sender = !webhooks.any() ? null : new WebhookSender(core.definitions(), outbox, core.clock(),
        core.metrics(), Core.stoppedWithGrace(core.lifecycle(), "webhook sends",
            Executors.newFixedThreadPool(SEND_THREADS, Threads.named("kck-webhook-send"))));
    return new Hooks(listeners, webhooks, sender, core);
  }

  /** Starts sending queued webhook deliveries, when some product has webhooks. */
  void startSending() {
    if (sender != null) {
      ScheduledExecutorService rounds =
          Core.stoppedWithGrace(core.lifecycle(), "webhook rounds", Threads.scheduler("kck-webhooks", 1));
      rounds.scheduleWithFixedDelay(sender::round, 0, ROUND_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** The notices, also telling the listeners of every key this instance deletes. */
  Notices notices(Notices notices) {
    return listeners.alsoTelling(notices);
  }

  /** The version listener, also telling the listeners and the webhooks of every version written. */
  VersionListener versions(VersionListener versions) {
    if (listeners.isEmpty() && !webhooks.any()) {
      return versions;
    }
    return new VersionListener() {
      @Override
      public void written(CachedEntry entry, Origin origin) {
        versions.written(entry, origin);
        webhooks.written(entry, origin);
        if (!listeners.isEmpty()) {
          tellListeners(entry.stored(), origin);
        }
      }

      @Override
      public void primerFailed(Key key, RuntimeException failure) {
        versions.primerFailed(key, failure);
        listeners.primerFailed(key.text(), failure);
      }
    };
  }

  private void tellListeners(StoredEntry stored, VersionListener.Origin origin) {
    switch (origin) {
      case PRIMED -> listeners.primed(stored);
      case REFRESHED -> listeners.refreshed(stored);
      case AUGMENTED -> listeners.augmented(stored);
    }
  }
}
