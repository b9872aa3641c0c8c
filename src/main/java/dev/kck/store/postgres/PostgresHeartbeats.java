package dev.kck.store.postgres;

import dev.kck.store.Heartbeats;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The heartbeats of the postgres store: one row per instance in {@code instances}, rewritten by
 * each beat. Expiry is the database's clock, so instances whose clocks disagree still agree on who
 * is alive; expired rows are deleted by the next beat of anyone.
 */
final class PostgresHeartbeats implements Heartbeats {
  private static final String BEAT = """
      insert into {schema}.instances as i (id, host, started, last_seen, version, expires_at)
      values (?, ?, ?, ?, ?, clock_timestamp() + ? * interval '1 microsecond')
      on conflict (id) do update
        set host = excluded.host, started = excluded.started, last_seen = excluded.last_seen,
            version = excluded.version, expires_at = excluded.expires_at
      """;

  private static final String PURGE = """
      delete from {schema}.instances where expires_at <= clock_timestamp()
      """;

  private static final String LEAVE = """
      delete from {schema}.instances where id = ?
      """;

  private static final String LIVE = """
      select id, host, started, last_seen, version
      from {schema}.instances
      where expires_at > clock_timestamp()
      order by started, id
      """;

  private final Jdbc jdbc;
  private final String beat;
  private final String purge;
  private final String leave;
  private final String live;

  PostgresHeartbeats(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.beat = PostgresSchema.sql(BEAT, quotedSchema);
    this.purge = PostgresSchema.sql(PURGE, quotedSchema);
    this.leave = PostgresSchema.sql(LEAVE, quotedSchema);
    this.live = PostgresSchema.sql(LIVE, quotedSchema);
  }

  @Override
  public void beat(Instance instance, Duration lifetime) {
    jdbc.run("record a heartbeat", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(beat)) {
        statement.setString(1, instance.id());
        statement.setString(2, instance.host());
        statement.setObject(3, instance.started().atOffset(ZoneOffset.UTC));
        statement.setObject(4, instance.lastSeen().atOffset(ZoneOffset.UTC));
        statement.setString(5, instance.version());
        statement.setLong(6, Jdbc.micros(lifetime));
        statement.executeUpdate();
      }
      try (PreparedStatement statement = connection.prepareStatement(purge)) {
        statement.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void leave(String id) {
    jdbc.update("remove a heartbeat", leave, id);
  }

  @Override
  public List<Instance> live() {
    return jdbc.run("list instances", connection -> {
      List<Instance> instances = new ArrayList<>();
      try (PreparedStatement statement = connection.prepareStatement(live); ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          instances.add(new Instance(rows.getString(1), rows.getString(2), rows.getObject(3, OffsetDateTime.class).toInstant(),
              rows.getObject(4, OffsetDateTime.class).toInstant(), rows.getString(5)));
        }
      }
      return instances;
    });
  }
}
