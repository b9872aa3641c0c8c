package dev.kck;

import dev.kck.augment.Augmenter;
import dev.kck.auth.Authenticator;
import dev.kck.journal.IdempotencyKeys;
import dev.kck.journal.JournalSchema;
import dev.kck.journal.Outbox;
import dev.kck.kernel.Threads;
import dev.kck.service.AfterCommit;
import dev.kck.service.KeyAccess;
import dev.kck.service.KeyVersions;
import dev.kck.service.OutboxRelay;
import dev.kck.service.UpdateService;
import dev.kck.update.UpdateRunner;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update use case: updates run on the source; their intents go through the outbox, relayed
 * at once (readers' fan-outs on a pool of their own) and swept on every instance each second for
 * what a failed or dead relay left; expired idempotency keys are purged every ten minutes.
 */
final class UpdatePath {
  private static final Logger log = LoggerFactory.getLogger(UpdatePath.class);
  private static final int FAN_OUT_THREADS = 2;
  private static final int FAN_OUT_QUEUE = 1000;

  private UpdatePath() {}

  static UpdateService build(Core core, ReadPath read, Hooks hooks, Authenticator authenticator, KeyVersions keyVersions,
      KeyAccess access) {
    DataSource source = core.source().dataSource();
    JournalSchema journal = new JournalSchema(source);
    Augmenter augmenter = new Augmenter(core.products(), core.store().entries(), read.fetcher(), core.clock(),
        read.versions(), core.metrics(), read.values());
    Outbox outbox = new Outbox(journal, source);
    AfterCommit afterCommit = new AfterCommit(augmenter, read.planner(), keyVersions::refreshNow,
        key -> core.store().entries().get(key).isPresent());
    OutboxRelay relay = new OutboxRelay(outbox, afterCommit, core.config().refresh().lease(), fanOuts(core));
    core.scheduler().scheduleWithFixedDelay(relay::sweep, 1, 1, TimeUnit.SECONDS);
    IdempotencyKeys idempotencyKeys =
        new IdempotencyKeys(journal, source, core.config().source().statementTimeout().multipliedBy(2));
    core.scheduler().scheduleWithFixedDelay(() -> purgeQuietly(idempotencyKeys), 1, 10, TimeUnit.MINUTES);
    UpdateRunner runner = new UpdateRunner(core.definitions().updaters(), source, authenticator,
        core.config().server().limits().maxUpdateCalls());
    return new UpdateService(runner, outbox, idempotencyKeys, relay, keyVersions, access, hooks.listeners());
  }

  /**
   * Where updates' fan-outs to their readers run, off the request: a couple of threads, so one
   * update's flood of keys does not hold up the next update's; a bounded queue, beyond which a
   * fan-out is left to the sweepers. Stopping lets queued and running fan-outs finish for a grace
   * period, then interrupts them: their intents stay in the outbox for a sweeper.
   */
  private static ThreadPoolExecutor fanOuts(Core core) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(FAN_OUT_THREADS, FAN_OUT_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(FAN_OUT_QUEUE), Threads.named("kck-fan-out"), new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return Core.stoppedWithGrace(core.lifecycle(), "update fan-outs", pool);
  }

  private static void purgeQuietly(IdempotencyKeys keys) {
    try {
      keys.purgeExpired();
    } catch (RuntimeException e) {
      log.debug("Purging expired idempotency keys failed; the next round retries: {}", e.getMessage());
    }
  }
}
