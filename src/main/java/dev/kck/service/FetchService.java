package dev.kck.service;

import dev.kck.auth.Principal;
import dev.kck.cache.CachedEntry;
import dev.kck.cache.Fetcher;
import dev.kck.cache.Served;
import dev.kck.kernel.KckException;
import dev.kck.product.Key;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The fetch use case ({@code GET /fetch}, batch fetches, the first entry of a subscription): parse
 * the key, authorise the caller for it (scopes and claim-bound parameters), answer from cache or a
 * primer run.
 */
public final class FetchService {
  private final ProductRegistry registry;
  private final Fetcher fetcher;
  private final KeyAccess access;
  private final Executor batches;

  /**
   * @param batches runs the keys of batch fetches: a bounded pool, so a batch of cold keys is
   *     computed a few at a time, never one thread per key
   */
  public FetchService(ProductRegistry registry, Fetcher fetcher, KeyAccess access, Executor batches) {
    this.registry = registry;
    this.fetcher = fetcher;
    this.access = access;
    this.batches = batches;
  }

  /** What a fetch of a key answered, with the product it belongs to. */
  public record Fetched(Key key, Primer primer, Served served) {}

  /** One key of a batch: what it answered, or the problem it met (exactly one of them). */
  public record BatchResult(String key, Fetched fetched, KckException problem) {}

  /** Every key's answer, in request order; each key refused or failing on its own. */
  public List<BatchResult> fetchAll(List<String> keys, Principal principal) {
    List<CompletableFuture<BatchResult>> results = new ArrayList<>(keys.size());
    for (String key : keys) {
      results.add(CompletableFuture.supplyAsync(() -> fetchOne(key, principal), batches));
    }
    return results.stream().map(CompletableFuture::join).toList();
  }

  private BatchResult fetchOne(String key, Principal principal) {
    try {
      return new BatchResult(key, fetch(key, principal), null);
    } catch (KckException e) {
      return new BatchResult(key, null, e);
    }
  }

  /**
   * The fetch when it is a fresh L1 hit, else null (nothing counted): the same parsing and the same
   * access checks as {@link #fetch}, which throw the same refusals.
   *
   * @param now the request's time, read once for all its headers
   */
  public Fetched freshHit(String rawKey, Principal principal, Instant now) {
    Key key = registry.parse(rawKey);
    Primer primer = registry.get(key.product());
    access.check(key, primer, principal);
    CachedEntry hit = fetcher.freshInL1(key, primer, now);
    return hit == null ? null : new Fetched(key, primer, new Served(hit, Served.Outcome.HIT));
  }

  public Fetched fetch(String rawKey, Principal principal) {
    Key key = registry.parse(rawKey);
    Primer primer = registry.get(key.product());
    access.check(key, primer, principal);
    return new Fetched(key, primer, fetcher.fetch(key, primer));
  }
}
