package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.store.KeyIndex;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The key index of the Cassandra store: {@code keys_by_bucket} (written with each entry by {@link
 * CassandraEntries}, with the entry's TTL; a product's keys over {@link KeyBuckets}) and {@code
 * dependencies}. Plain reads and writes: no row here is ever the object of a race.
 */
final class CassandraKeyIndex implements KeyIndex {
  private static final Comparator<Used> LEAST_RECENT_FIRST =
      Comparator.comparing(Used::lastUsed).thenComparing(Used::key, KeyBuckets.BYTE_ORDER);

  private final CassandraConnection connection;
  private final Clock clock;

  /** A key and its last use, as the index holds them. */
  private record Used(String key, Instant lastUsed) {}

  CassandraKeyIndex(CassandraConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  /** Every bucket in one read, paged by the driver; expired keys (TTL not yet run out) are skipped in code. */
  @Override
  public List<String> keysOf(String product, int limit) {
    return connection.run("list keys", prepared -> {
      List<String> keys = new ArrayList<>();
      Instant now = clock.instant();
      for (Row row : rowsOf(prepared, product)) {
        if (isLive(row, now)) {
          keys.add(row.getString("key"));
          if (keys.size() == limit) {
            break;
          }
        }
      }
      return keys;
    });
  }

  /**
   * One read and one write per key. The write carries the row's own write time plus one
   * microsecond, so it beats that write's {@code last_used} and loses to anything later: a delete
   * of the key (eviction, invalidation) made meanwhile shadows it, and a use never brings a
   * deleted row back. Its TTL is what the row has left, so it never outlives the entry.
   */
  @Override
  public void recordUse(Collection<String> keys, Instant usedAt) {
    connection.run("record uses", prepared -> {
      for (String key : keys) {
        String product = CassandraEntries.productOf(key);
        int bucket = KeyBuckets.of(key);
        Row state = prepared.session().execute(prepared.statements().useState().bind(product, bucket, key)).one();
        if (state == null || state.isNull("written") || !usedAt.isAfter(lastUsed(state))) {
          continue;
        }
        int timeToLive = state.isNull("time_to_live") ? TimeToLive.NONE : state.getInt("time_to_live");
        prepared.session().execute(prepared.statements().recordUse()
            .bind(timeToLive, state.getLong("written") + 1, usedAt, product, bucket, key));
      }
      return null;
    });
  }

  /**
   * One pass over every bucket, counting the live keys and keeping the {@code limit} least recently
   * used in a bounded heap: memory is the page, whatever the product's size.
   */
  @Override
  public List<String> leastRecentlyUsed(String product, int bound, int limit) {
    return connection.run("list least recently used keys", prepared -> {
      PriorityQueue<Used> oldest = new PriorityQueue<>(LEAST_RECENT_FIRST.reversed());
      long live = 0;
      Instant now = clock.instant();
      for (Row row : rowsOf(prepared, product)) {
        if (isLive(row, now)) {
          live++;
          oldest.add(new Used(row.getString("key"), lastUsed(row)));
          if (oldest.size() > limit) {
            oldest.poll();
          }
        }
      }
      long excess = Math.max(0, live - bound);
      return oldest.stream().sorted(LEAST_RECENT_FIRST).limit(excess).map(Used::key).toList();
    });
  }

  @Override
  public void addDependency(String dependency, String dependent) {
    connection.run("record a dependency",
        prepared -> prepared.session().execute(prepared.statements().addDependency().bind(dependency, dependent)));
  }

  @Override
  public Set<String> dependentsOf(String dependency) {
    return connection.run("list dependents", prepared -> {
      Set<String> dependents = new HashSet<>();
      for (Row row : prepared.session().execute(prepared.statements().dependentsOf().bind(dependency))) {
        dependents.add(row.getString("dependent"));
      }
      return dependents;
    });
  }

  /** The index rows of every bucket of the product, expired ones included. */
  static Iterable<Row> rowsOf(Prepared prepared, String product) {
    return prepared.session().execute(prepared.statements().keysOf().bind(product, KeyBuckets.ALL));
  }

  static boolean isLive(Row row, Instant now) {
    Instant expiresAt = row.getInstant("expires_at");
    return expiresAt == null || expiresAt.isAfter(now);
  }

  /** A row copied from the old index without a use counts as never used. */
  private static Instant lastUsed(Row row) {
    Instant lastUsed = row.getInstant("last_used");
    return lastUsed == null ? Instant.EPOCH : lastUsed;
  }
}
