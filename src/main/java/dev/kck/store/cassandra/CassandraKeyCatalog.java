package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.store.KeyCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The key catalog of the Cassandra store, over the product's {@code keys_by_bucket} partitions: a
 * page merges the buckets' slices after the cursor in byte order ({@link BucketMerge}). Rows whose
 * entry expired but whose TTL has not yet run out are skipped in code, as in {@link CassandraKeyIndex}.
 */
final class CassandraKeyCatalog implements KeyCatalog {
  private final CassandraConnection connection;
  private final Clock clock;

  CassandraKeyCatalog(CassandraConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  @Override
  public List<String> keysAfter(String product, String after, int limit) {
    return connection.run("page keys", prepared -> BucketMerge.page(prepared, product, after, limit, clock.instant()));
  }

  @Override
  public long count(String product) {
    return connection.run("count keys", prepared -> {
      long count = 0;
      Instant now = clock.instant();
      for (Row row : CassandraKeyIndex.rowsOf(prepared, product)) {
        if (CassandraKeyIndex.isLive(row, now)) {
          count++;
        }
      }
      return count;
    });
  }
}
