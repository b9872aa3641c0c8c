package dev.kck;

import dev.kck.augment.Augmenter;
import dev.kck.auth.Authenticator;
import dev.kck.journal.IdempotencyKeys;
import dev.kck.journal.JournalSchema;
import dev.kck.journal.Outbox;
import dev.kck.service.AfterCommit;
import dev.kck.service.KeyAccess;
import dev.kck.service.KeyVersions;
import dev.kck.service.OutboxRelay;
import dev.kck.service.UpdateService;
import dev.kck.update.UpdateRunner;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update use case: updates run on the source; their intents go through the outbox, relayed
 * at once and swept on every instance each second for what a failed or dead relay left; expired
 * idempotency keys are purged every ten minutes.
 */
final class UpdatePath {
  private static final Logger log = LoggerFactory.getLogger(UpdatePath.class);

  private UpdatePath() {}

  static UpdateService build(Core core, ReadPath read, Hooks hooks, Authenticator authenticator, KeyVersions keyVersions,
      KeyAccess access) {
    DataSource source = core.source().dataSource();
    JournalSchema journal = new JournalSchema(source);
    Augmenter augmenter = new Augmenter(core.products(), core.store().entries(), read.fetcher(), core.clock(),
        read.versions(), core.metrics(), read.values());
    Outbox outbox = new Outbox(journal, source);
    OutboxRelay relay = new OutboxRelay(outbox, new AfterCommit(augmenter, read.planner(), keyVersions::refreshNow),
        core.config().refresh().lease());
    core.scheduler().scheduleWithFixedDelay(relay::sweep, 1, 1, TimeUnit.SECONDS);
    IdempotencyKeys idempotencyKeys =
        new IdempotencyKeys(journal, source, core.config().source().statementTimeout().multipliedBy(2));
    core.scheduler().scheduleWithFixedDelay(() -> purgeQuietly(idempotencyKeys), 1, 10, TimeUnit.MINUTES);
    UpdateRunner runner = new UpdateRunner(core.definitions().updaters(), source, authenticator,
        core.config().server().limits().maxUpdateCalls());
    return new UpdateService(runner, outbox, idempotencyKeys, relay, keyVersions, access, hooks.listeners());
  }

  private static void purgeQuietly(IdempotencyKeys keys) {
    try {
      keys.purgeExpired();
    } catch (RuntimeException e) {
      log.debug("Purging expired idempotency keys failed; the next round retries: {}", e.getMessage());
    }
  }
}
