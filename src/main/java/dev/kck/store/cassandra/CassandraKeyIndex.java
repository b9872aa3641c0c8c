package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.store.KeyIndex;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The key index of the Cassandra store: {@code keys_by_product} (written with each entry by {@link
 * CassandraEntries}, with the entry's TTL) and {@code dependencies}. Plain reads and writes: no row
 * here is ever the object of a race.
 */
final class CassandraKeyIndex implements KeyIndex {
  private final CassandraConnection connection;
  private final Clock clock;

  CassandraKeyIndex(CassandraConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  /** One partition read; expired keys (TTL not yet run out) are skipped in code. */
  @Override
  public List<String> keysOf(String product, int limit) {
    return connection.run("list keys", prepared -> {
      List<String> keys = new ArrayList<>();
      Instant now = clock.instant();
      for (Row row : prepared.session().execute(prepared.statements().keysOf().bind(product))) {
        Instant expiresAt = row.getInstant("expires_at");
        if (expiresAt == null || expiresAt.isAfter(now)) {
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
}
