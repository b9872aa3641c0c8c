package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.store.Heartbeats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The heartbeats of the Cassandra store: a row per instance in {@code instances}, written with the
 * beat's lifetime as TTL, so an instance that stops beating drops out by the database's clock.
 */
final class CassandraHeartbeats implements Heartbeats {
  private final CassandraConnection connection;

  CassandraHeartbeats(CassandraConnection connection) {
    this.connection = connection;
  }

  @Override
  public void beat(Instance instance, Duration lifetime) {
    connection.run("record a heartbeat", prepared -> prepared.session().execute(prepared.insight().beat().bind(
        instance.id(), instance.host(), instance.started(), instance.lastSeen(), instance.version(),
        TimeToLive.atLeast(lifetime))));
  }

  @Override
  public void leave(String id) {
    connection.run("remove a heartbeat", prepared -> prepared.session().execute(prepared.insight().leave().bind(id)));
  }

  @Override
  public List<Instance> live() {
    return connection.run("list instances", prepared -> {
      List<Instance> instances = new ArrayList<>();
      for (Row row : prepared.session().execute(prepared.insight().live().bind())) {
        if (!row.isNull("started")) {
          instances.add(new Instance(row.getString("id"), row.getString("host"), row.getInstant("started"),
              row.getInstant("last_seen"), row.getString("version")));
        }
      }
      instances.sort(Comparator.comparing(Instance::started).thenComparing(Instance::id));
      return instances;
    });
  }
}
