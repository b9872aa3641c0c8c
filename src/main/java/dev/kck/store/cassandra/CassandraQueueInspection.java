package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.store.QueueInspection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What operators see of the Cassandra refresh queue: one read of every bucket, as a claim reads it.
 * A claim's lease end is now plus what is left of its {@code claimed_by} TTL, so it is exact to
 * the second.
 */
final class CassandraQueueInspection implements QueueInspection {
  private static final List<Integer> ALL_BUCKETS =
      IntStream.range(0, CassandraRefreshQueue.BUCKETS).boxed().toList();

  private final CassandraConnection connection;
  private final Clock clock;

  CassandraQueueInspection(CassandraConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  @Override
  public QueueSnapshot snapshot(int maxClaims) {
    return connection.run("inspect the refresh queue", prepared -> {
      Instant now = clock.instant();
      long depth = 0;
      Oldest oldest = null;
      List<Claim> claims = new ArrayList<>();
      for (Row row : prepared.session().execute(prepared.insight().queueState().bind(ALL_BUCKETS))) {
        if (row.isNull("demand")) {
          continue; // a claim cell outliving a completed request's tombstone: no request
        }
        depth++;
        Instant first = row.getInstant("first_requested");
        if (first != null && (oldest == null || first.isBefore(oldest.firstRequested()))) {
          oldest = new Oldest(row.getString("key"), first, row.getLong("demand"));
        }
        if (!row.isNull("claimed_by")) {
          claims.add(new Claim(row.getString("key"), row.getString("claimed_by"),
              now.plusSeconds(row.getInt("lease_left"))));
        }
      }
      claims.sort(Comparator.comparing(Claim::leaseUntil).thenComparing(Claim::key));
      return new QueueSnapshot(depth, oldest, claims.subList(0, Math.min(maxClaims, claims.size())));
    });
  }
}
