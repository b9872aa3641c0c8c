package dev.kck.http;

import dev.kck.auth.Principal;
import dev.kck.cache.CachedEntry;
import dev.kck.cache.Served;
import dev.kck.cache.Staleness;
import dev.kck.kernel.EntityTags;
import dev.kck.kernel.KckException;
import dev.kck.live.Subscriptions;
import dev.kck.service.FetchService;
import dev.kck.service.FetchService.Fetched;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Long polling on the ETag: a fetch with {@code If-None-Match} naming the current version and
 * {@code Prefer: wait=N} (RFC 7240; N capped at 60) is held until a newer version exists on this
 * instance (200 with it, at once) or N seconds pass (304). Held requests are futures in {@code
 * live}'s maps, not threads; their answers are written on Jetty's pool. Answers that honoured the
 * preference say so with {@code Preference-Applied: wait=N}.
 */
final class HeldFetches {
  private final FetchService fetches;
  private final Subscriptions subscriptions;
  private final EntryResponses responses;
  private final Clock clock;

  HeldFetches(FetchService fetches, Subscriptions subscriptions, EntryResponses responses, Clock clock) {
    this.fetches = fetches;
    this.subscriptions = subscriptions;
    this.responses = responses;
    this.clock = clock;
  }

  /** Holds the request if it asks to wait and the client has the current version; false when not held. */
  boolean holdIfCurrent(Context ctx, String rawKey, Principal principal, Fetched fetched) {
    Optional<Duration> wait = requestedWait(ctx.req().getHeaders("Prefer"));
    CachedEntry current = fetched.served().entry();
    if (wait.isEmpty() || !EntityTags.noneMatchFails(ctx.header("If-None-Match"), current.etag())) {
      return false;
    }
    CompletableFuture<Optional<CachedEntry>> outcome = new CompletableFuture<>();
    subscriptions.await(Map.of(fetched.key().text(), current.version()), wait.get(), Holders.of(ctx, principal),
        outcome::complete);
    ctx.future(() -> {
      Executor onJetty = task -> ctx.req().getAsyncContext().start(task);
      return outcome.thenAcceptAsync(newer -> {
        ctx.header("Preference-Applied", "wait=" + wait.get().toSeconds());
        responses.write(ctx, newer.map(entry -> with(fetched, entry)).orElseGet(() -> again(rawKey, principal, fetched)));
      }, onJetty);
    });
    return true;
  }

  /**
   * The wait the {@code Prefer} headers ask for, capped at 60 s; empty when none, zero or malformed
   * (an unusable preference is ignored, as RFC 7240 asks). Only the first {@code wait} counts.
   */
  static Optional<Duration> requestedWait(Enumeration<String> headers) {
    for (String header : headers == null ? Collections.<String>emptyList() : Collections.list(headers)) {
      for (String preference : header.split(",")) {
        String token = preference.split(";", 2)[0].trim();
        int equals = token.indexOf('=');
        if (equals < 0 || !token.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("wait")) {
          continue;
        }
        String value = token.substring(equals + 1).trim().replace("\"", "");
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
          return Optional.empty();
        }
        long seconds = Math.min(Long.parseLong(value), Subscriptions.MAX_WAIT.toSeconds());
        return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
      }
    }
    return Optional.empty();
  }

  /** The fetch answered with a newer entry, flagged stale only if it already is. */
  private Fetched with(Fetched fetched, CachedEntry entry) {
    Staleness staleness = Staleness.of(entry.modified(), fetched.primer().spec().freshness(), clock.instant());
    Served.Outcome outcome = staleness == Staleness.FRESH ? Served.Outcome.HIT : Served.Outcome.STALE;
    return new Fetched(fetched.key(), fetched.primer(), new Served(entry, outcome));
  }

  /** At the deadline: the key as it is now (a 304 unless a version came whose notice was lost). */
  private Fetched again(String rawKey, Principal principal, Fetched fetched) {
    try {
      return fetches.fetch(rawKey, principal);
    } catch (KckException e) {
      return fetched;
    }
  }
}
