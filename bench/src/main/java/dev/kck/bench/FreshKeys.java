package dev.kck.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Recomputes a KCK target's keys just before each measured run ({@code POST /refresh/{key}}, then
 * each key's new version awaited), so that none of them goes stale inside the run. Without it a
 * product's {@code fresh_for} (one minute for {@code store_daily_sales}) ended inside some runs and
 * not others, and those runs measured stale serving (through Javalin, with a refresh queued per
 * key) instead of L1 hits: a p99 of 20 to 160 ms against 2 to 3 ms in the runs beside them, in the
 * KCK slot of whichever jar it happened to. Targets that are not KCK instances are left alone.
 */
final class FreshKeys {
  private static final Duration GIVE_UP = Duration.ofSeconds(60);

  private final Http http;
  private final String adminToken;

  FreshKeys(Http http, String adminToken) {
    this.http = http;
    this.adminToken = adminToken;
  }

  void renew(Wrk.Target target) {
    if (!target.name().startsWith("KCK")) {
      return;
    }
    Map<String, Long> before = new HashMap<>();
    for (String key : target.keys()) {
      before.put(key, versionOf(target, key));
      Freshness.expect(http.post(target.baseUrl() + "/refresh/" + key, adminToken, ""), 202, "refresh " + key);
    }
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    for (String key : target.keys()) {
      while (versionOf(target, key) <= before.get(key)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(target.name() + ": " + key + " was not recomputed within " + GIVE_UP);
        }
        sleep();
      }
    }
  }

  private long versionOf(Wrk.Target target, String key) {
    return LiveClients.versionIn(
        Freshness.expect(http.get(target.baseUrl() + "/fetch/" + key, target.token()), 200, key).body());
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
