package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.config.KckConfig;
import dev.kck.store.QueueView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * {@link QueueView} of the Cassandra store: one read of every bucket of {@code refresh_queue},
 * counted in code (Cassandra cannot order across partitions). It has a connection of its own, for
 * the operator commands, which open it beside the store; close it after use.
 */
public final class CassandraQueueView implements QueueView, AutoCloseable {
  private static final List<Integer> ALL_BUCKETS =
      IntStream.range(0, CassandraRefreshQueue.BUCKETS).boxed().toList();

  private final CassandraConnection connection;

  private CassandraQueueView(CassandraConnection connection) {
    this.connection = connection;
  }

  /** Connects, waiting up to {@code wait}; its reads fail as unavailable until it is connected. */
  public static CassandraQueueView open(KckConfig.Cassandra config, Duration wait, Duration requestTimeout) {
    String keyspace = CassandraSchema.keyspaceName(config.keyspace());
    CassandraConnection connection = CassandraConnection.start(DriverSettings.of(config, keyspace, requestTimeout),
        CassandraSchema.quoted(keyspace), config.replication());
    connection.awaitReady(wait);
    return new CassandraQueueView(connection);
  }

  @Override
  public Summary summary() {
    return connection.run("inspect the refresh queue", prepared -> {
      long depth = 0;
      long claimed = 0;
      Oldest oldest = null;
      for (Row row : prepared.session().execute(prepared.queue().list().bind(ALL_BUCKETS))) {
        if (row.isNull("demand")) {
          continue; // a claim or back-off cell outliving its completed row
        }
        depth++;
        claimed += row.isNull("claimed_by") ? 0 : 1;
        Instant first = row.getInstant("first_requested");
        if (oldest == null || first.isBefore(oldest.firstRequested())) {
          oldest = new Oldest(row.getString("key"), first, row.getLong("demand"));
        }
      }
      return new Summary(depth, claimed, Optional.ofNullable(oldest));
    });
  }

  @Override
  public void close() {
    connection.close();
  }
}
