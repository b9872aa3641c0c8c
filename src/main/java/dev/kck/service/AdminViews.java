package dev.kck.service;

import java.time.Instant;
import java.util.List;

/**
 * The bodies of the admin API's reads, as {@code API.md} and the console name their fields
 * (snake_case, times as RFC 3339, absent values as null).
 */
public final class AdminViews {
  private AdminViews() {}

  public record Products(List<ProductStats.Row> products) {}

  public record KeySummary(String key, long version, Instant modified, boolean stale) {}

  /** A page of a product's keys; {@code next} is the cursor of the page after, null on the last. */
  public record KeyPage(List<KeySummary> keys, String next) {}

  public record KeyDetail(String key, long version, Instant modified, boolean stale, Instant fresh_until,
      Instant expires, List<String> depends_on, List<String> dependents, String computed_by, Double primer_ms) {}

  public record Claim(String key, String holder, Instant lease_until) {}

  public record Queue(long depth, long oldest_age_ms, List<Claim> claimed) {}

  public record Instance(String id, String host, Instant started, Instant last_seen, String version) {}

  public record Instances(List<Instance> instances) {}

  public record Warmed(String product, int queued) {}
}
