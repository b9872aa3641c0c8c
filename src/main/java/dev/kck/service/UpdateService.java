package dev.kck.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.augment.Augmenter;
import dev.kck.auth.Principal;
import dev.kck.kernel.KckException;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.store.EntryStore;
import dev.kck.update.PreparedUpdate;
import dev.kck.update.UpdateRunner;
import java.util.List;

/**
 * The update use case behind {@code POST /update/{updater}}: check the update (updater, access,
 * body), check {@code If-Match}, run it in one transaction on the source, then augment or queue
 * the keys it affects. The flow goes down through the layers once: update, then augment and
 * refresh, then the store.
 */
public final class UpdateService {
  private final UpdateRunner runner;
  private final EntryStore entries;
  private final AfterCommit afterCommit;

  public UpdateService(UpdateRunner runner, EntryStore entries, Augmenter augmenter, RefreshPlanner planner) {
    this.runner = runner;
    this.entries = entries;
    this.afterCommit = new AfterCommit(augmenter, planner);
  }

  /**
   * Runs an update and commits it, then starts what follows from it.
   *
   * @param body one JSON object of parameters, or a non-empty array of them (one call each, one
   *     transaction)
   * @param ifMatch the {@code If-Match} header, or null: the first key the first call refreshes must
   *     be at that version, else 409 and nothing is written
   * @throws KckException 404 unknown updater; 401/403 access or claim; 400 body, parameter or a value
   *     the database rejects; 409 If-Match; 422 constraint violation; 504 statement timeout; 503
   *     source unreachable or a serialization conflict; 500 otherwise
   */
  public UpdateOutcome update(String updater, JsonNode body, Principal principal, String ifMatch) {
    PreparedUpdate update = runner.prepare(updater, body, principal);
    if (ifMatch != null) {
      checkIfMatch(update, ifMatch);
    }
    long rows = runner.commit(update);
    return new UpdateOutcome(update.spec().name(), rows, afterCommit.apply(update));
  }

  private void checkIfMatch(PreparedUpdate update, String ifMatch) {
    List<String> keys = update.spec().refreshKeys(update.calls().get(0));
    if (keys.isEmpty()) {
      throw new KckException.BadRequest("If-Match needs an updater whose refreshes name a key");
    }
    IfMatch.currentVersion(ifMatch, entries, keys.get(0));
  }
}
