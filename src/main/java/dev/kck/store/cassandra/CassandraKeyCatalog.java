package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.store.KeyCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The key catalog of the Cassandra store: slices of the product's {@code keys_by_product}
 * partition, in its clustering (key) order. Rows whose entry expired but whose TTL has not yet run
 * out are skipped in code, as in {@link CassandraKeyIndex}.
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
    return connection.run("page keys", prepared -> {
      List<String> keys = new ArrayList<>();
      Instant now = clock.instant();
      // '' sorts before every key, so it stands for "from the first".
      var statement = prepared.insight().keysAfter().bind(product, after == null ? "" : after).setPageSize(limit + 1);
      for (Row row : prepared.session().execute(statement)) {
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

  @Override
  public long count(String product) {
    return connection.run("count keys", prepared -> {
      long count = 0;
      Instant now = clock.instant();
      for (Row row : prepared.session().execute(prepared.statements().keysOf().bind(product))) {
        if (isLive(row, now)) {
          count++;
        }
      }
      return count;
    });
  }

  private static boolean isLive(Row row, Instant now) {
    Instant expiresAt = row.getInstant("expires_at");
    return expiresAt == null || expiresAt.isAfter(now);
  }
}
