package dev.kck.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kck.hook.Listeners;
import dev.kck.journal.IdempotencyKeys.Lookup;
import dev.kck.journal.IdempotencyKeys.Reserved;
import dev.kck.journal.IdempotencyKeys;
import dev.kck.journal.IfMatchLedger;
import dev.kck.journal.Intent;
import dev.kck.journal.Outbox;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.service.AfterCommit.Refreshing;
import dev.kck.update.PreparedUpdate;
import dev.kck.update.UpdateRunner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update use case behind {@code POST /update/{updater}}. Everything that can be refused is
 * refused before anything is written (updater, access, body, If-Match, an idempotency key already
 * used); then one transaction on the source holds the update's writes, its refresh intent (the
 * outbox), the version it was based on (If-Match) and its response (Idempotency-Key). After the
 * commit the intent is relayed: the update's own keys are augmented in place or queued for
 * refresh before the response, its readers' keys in the background. A 200 means the data is
 * committed and every refresh will happen; a 5xx means nothing was written.
 */
public final class UpdateService {
  private static final Logger log = LoggerFactory.getLogger(UpdateService.class);
  static final int LISTED = 100;

  private final UpdateRunner runner;
  private final Outbox outbox;
  private final IdempotencyKeys idempotencyKeys;
  private final IfMatchLedger ledger = new IfMatchLedger();
  private final OutboxRelay relay;
  private final KeyVersions versions;
  private final KeyAccess access;
  private final Listeners listeners;

  public UpdateService(UpdateRunner runner, Outbox outbox, IdempotencyKeys idempotencyKeys, OutboxRelay relay,
      KeyVersions versions, KeyAccess access, Listeners listeners) {
    this.runner = runner;
    this.outbox = outbox;
    this.idempotencyKeys = idempotencyKeys;
    this.relay = relay;
    this.versions = versions;
    this.access = access;
    this.listeners = listeners;
  }

  /**
   * Runs an update, or answers again what its idempotency key's first request got.
   *
   * @throws KckException 404 unknown updater; 401/403 access or claim; 400 body, parameter or a value
   *     the database rejects; 409 If-Match, or the idempotency key's first request still running; 422
   *     a constraint violated, or the idempotency key used with another body; 504 statement timeout;
   *     503 source unreachable or a serialization conflict; 500 otherwise
   */
  public UpdateResponse update(UpdateRequest request) {
    PreparedUpdate update = runner.prepare(request.updater(), request.body(), request.principal());
    if (request.idempotencyKey() == null) {
      return commitAndRelay(update, request, null);
    }
    Lookup lookup = idempotencyKeys.reserve(subjectOf(request), update.spec().name(), request.idempotencyKey(),
        hash(request));
    if (lookup instanceof IdempotencyKeys.Replay replay) {
      return new UpdateResponse(replay.body(), replay.etag(), true);
    }
    if (lookup instanceof IdempotencyKeys.InProgress) {
      throw new KckException.Conflict("an update with this Idempotency-Key is still running; retry when it has answered");
    }
    if (lookup instanceof IdempotencyKeys.Mismatch) {
      throw new KckException.Unprocessable("this Idempotency-Key was used with another request body");
    }
    return commitReserved(update, request, (Reserved) lookup);
  }

  private UpdateResponse commitReserved(PreparedUpdate update, UpdateRequest request, Reserved reserved) {
    try {
      return commitAndRelay(update, request, reserved);
    } catch (KckException e) {
      giveUpQuietly(reserved); // nothing was written: a retry with the key runs the update again
      throw e;
    }
  }

  /**
   * Commits without waiting on the cache store (only If-Match reads it first), then relays. The
   * response stored with an idempotency key in the transaction names the update's own keys; once
   * the relay has listed the readers too, it is replaced by the full one, the one sent.
   */
  private UpdateResponse commitAndRelay(PreparedUpdate update, UpdateRequest request, Reserved reserved) {
    String ifMatch = request.ifMatch();
    String conditionalKey = ifMatch == null ? null : firstKey(update);
    long basedOn = ifMatch == null ? 0 : versions.current(ifMatch, conditionalKey);
    Intent intent = Intent.of(update);
    long[] committed = new long[2]; // the intent's id, the rows
    runner.commit(update, (transaction, rows) -> {
      if (conditionalKey != null) {
        ledger.claim(transaction, conditionalKey, basedOn);
      }
      committed[0] = outbox.write(transaction, intent, relay.claim());
      committed[1] = rows;
      if (reserved != null) {
        idempotencyKeys.complete(transaction, reserved,
            body(update, rows, Refreshing.of(update.refreshKeys()), request));
      }
    });
    listeners.updaterCommitted(update.spec().name(), update.refreshKeys());
    Set<String> computeNow = conditionalKey == null ? Set.of() : Set.of(conditionalKey);
    Refreshing refreshing = relay.relayNow(committed[0], update, computeNow);
    byte[] body = body(update, committed[1], refreshing, request);
    String etag = conditionalKey == null ? null : versions.newTag(conditionalKey, basedOn);
    if (reserved != null) {
      finishQuietly(reserved, body, etag);
    }
    return new UpdateResponse(body, etag, false);
  }

  /** The key If-Match is about: the first one the first call refreshes. */
  private static String firstKey(PreparedUpdate update) {
    List<String> keys = update.spec().refreshKeys(update.calls().get(0));
    if (keys.isEmpty()) {
      throw new KckException.BadRequest("If-Match needs an updater whose refreshes name a key");
    }
    return keys.get(0);
  }

  /**
   * The response: {@code refreshing} names at most {@value #LISTED} of the keys being refreshed, and
   * only keys the caller may read (another user's keys are not theirs to learn of);
   * {@code refreshing_total} counts them all, listed or not.
   */
  private byte[] body(PreparedUpdate update, long rows, Refreshing refreshing, UpdateRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("updater", update.spec().name());
    body.put("rows", rows);
    body.put("refreshing", refreshing.keys().stream().filter(key -> access.mayRead(key, request.principal()))
        .limit(LISTED).toList());
    body.put("refreshing_total", refreshing.total());
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an update response is text and numbers", e);
    }
  }

  private static String subjectOf(UpdateRequest request) {
    String subject = request.principal().subject();
    return subject == null ? "" : subject;
  }

  /** The request body's digest: the same key with another body is a 422. */
  private static String hash(UpdateRequest request) {
    try {
      byte[] canonical = Json.MAPPER.writeValueAsBytes(request.body());
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("hashing an update body", e);
    }
  }

  /** The full response replaces the one stored in the transaction; if this fails, that one stays. */
  private void finishQuietly(Reserved reserved, byte[] body, String etag) {
    try {
      idempotencyKeys.finish(reserved, body, etag);
    } catch (RuntimeException e) {
      log.warn("Could not store the full response to idempotency key {}: {}", reserved.key(), e.getMessage());
    }
  }

  private void giveUpQuietly(Reserved reserved) {
    try {
      idempotencyKeys.giveUp(reserved);
    } catch (RuntimeException e) {
      log.debug("Could not release idempotency key {}; it lapses by itself", reserved.key(), e);
    }
  }
}
