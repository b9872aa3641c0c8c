package dev.kck.auth;

import dev.kck.config.KckConfig;
import dev.kck.config.LoopbackHosts;
import dev.kck.kernel.Threads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a JWKS URL, fetched once at start and then refreshed by demand: a lookup after the
 * refresh point (three quarters of Cache-Control max-age, default 10 min) starts a background fetch
 * and answers with the keys it has; an unknown kid waits for a fetch, at most {@link
 * #UNKNOWN_KID_WAIT}, and concurrent lookups share that one fetch. Fetches start at most once per
 * 30 s, so forged kids cannot flood the JWKS host. One deadline covers a whole fetch, connection,
 * headers and body, and the body is read up to {@link #MAX_BODY_BYTES}: a JWKS host that stalls or
 * sends without end cannot hold a thread or fill the heap. The URL is https (plain http only to this
 * machine) and redirects are not followed. A failed fetch keeps every known key: an outage of the
 * JWKS host never breaks tokens signed with keys already seen. No thread runs while nobody asks.
 */
final class JwksKeySource implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);
  static final Duration MIN_FETCH_INTERVAL = Duration.ofSeconds(30);
  static final int MAX_BODY_BYTES = 1024 * 1024;
  /** The longest a request with an unknown kid waits for the JWKS. */
  static final Duration UNKNOWN_KID_WAIT = Duration.ofSeconds(1);

  /** The keys of one successful fetch and when to fetch again. */
  private record Snapshot(Map<String, VerificationKey> byKid, List<VerificationKey> all, Instant refreshAt) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), List.of(), Instant.MIN);
  }

  private final URI url;
  private final KckConfig.Auth auth;
  private final Clock clock;
  private final Executor executor;
  private final Duration timeout;
  private final HttpClient http;
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  private Instant lastFetchStart = Instant.MIN; // guarded by this
  private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null); // guarded by this

  JwksKeySource(URI url, KckConfig.Auth auth, Clock clock, Executor executor, Duration timeout) {
    boolean loopbackHttp = "http".equals(url.getScheme()) && LoopbackHosts.isLoopback(url.getHost());
    if (!"https".equals(url.getScheme()) && !loopbackHttp) {
      throw new IllegalArgumentException("auth.jwks_url must be an https URL (http only for localhost)");
    }
    this.url = url;
    this.auth = auth;
    this.clock = clock;
    this.executor = executor;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** One named daemon thread: fetches are rare, and must not hold up a shutdown. */
  static ExecutorService newFetchExecutor() {
    return Executors.newSingleThreadExecutor(Threads.named("kck-jwks-fetch"));
  }

  /** The first fetch, waited for (bounded by the timeout); a failure is logged and retried on demand. */
  void start() {
    await(startFetch(), timeout);
  }

  /** A kid not known yet waits for the running or a new fetch, at most {@link #UNKNOWN_KID_WAIT}. */
  Optional<VerificationKey> byKid(String kid) {
    VerificationKey key = current().byKid().get(kid);
    if (key != null) {
      return Optional.of(key);
    }
    await(startFetch(), UNKNOWN_KID_WAIT);
    return Optional.ofNullable(snapshot.byKid().get(kid));
  }

  List<VerificationKey> all() {
    return current().all();
  }

  private Snapshot current() {
    Snapshot current = snapshot;
    if (!clock.instant().isBefore(current.refreshAt())) {
      startFetch(); // refresh ahead: answer now with the keys we have
    }
    return current;
  }

  /** The running fetch, a new one, or null when the last one started under 30 s ago. */
  private synchronized CompletableFuture<Void> startFetch() {
    if (!inFlight.isDone()) {
      return inFlight;
    }
    Instant now = clock.instant();
    if (now.isBefore(lastFetchStart.plus(MIN_FETCH_INTERVAL))) {
      return null;
    }
    lastFetchStart = now;
    try {
      inFlight = CompletableFuture.runAsync(this::fetch, executor);
    } catch (RejectedExecutionException e) {
      return null; // closed
    }
    return inFlight;
  }

  private static void await(CompletableFuture<Void> fetch, Duration wait) {
    if (fetch == null) {
      return;
    }
    try {
      fetch.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // fetch() logs its own failures; a timeout here means "answer with what we know"
    }
  }

  /** Runs on the executor; catches everything, so a failure leaves the known keys in place. */
  private void fetch() {
    try {
      HttpResponse<byte[]> response = get();
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      Duration maxAge = CacheControl.maxAge(response.headers().allValues("Cache-Control"));
      snapshot = snapshotOf(JwkSet.parse(response.body()), maxAge);
      log.debug("JWKS {}: {} keys, next refresh in {}", url, snapshot.all().size(), maxAge);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.warn("JWKS {} fetch failed ({}); keeping the {} keys already known", url, reason, snapshot.all().size());
    }
  }

  /** The whole response within the timeout, or an IOException; a late body is abandoned, its connection closed. */
  private HttpResponse<byte[]> get() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET().build();
    CappedBody body = new CappedBody(MAX_BODY_BYTES);
    CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, info -> body);
    try {
      return response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      body.abandon();
      response.cancel(true);
      throw new IOException("no complete answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
    }
  }

  private Snapshot snapshotOf(List<JwkSet.Jwk> jwks, Duration maxAge) throws IOException {
    if (jwks.isEmpty()) {
      throw new IOException("no usable RSA or EC signature key"); // likely broken: keep the old keys
    }
    Map<String, VerificationKey> byKid = new LinkedHashMap<>();
    List<VerificationKey> all = jwks.stream()
        .map(jwk -> VerificationKey.of(jwk.kid(), jwk.algorithm(), auth, clock))
        .toList();
    all.stream().filter(key -> key.kid() != null).forEach(key -> byKid.putIfAbsent(key.kid(), key));
    Instant refreshAt = clock.instant().plus(maxAge.multipliedBy(3).dividedBy(4));
    return new Snapshot(Map.copyOf(byKid), all, refreshAt);
  }

  @Override
  public void close() {
    if (executor instanceof ExecutorService service) {
      service.shutdownNow();
    }
  }
}
