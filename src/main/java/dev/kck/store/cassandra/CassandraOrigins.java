package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.store.EntryOrigins;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The entry origins of the Cassandra store: a row per key in {@code origins} with the entry's TTL.
 * Plain writes: two instances writing one key's origin at once only happens when both computed it,
 * and callers match the origin's version with the entry's anyway.
 */
final class CassandraOrigins implements EntryOrigins {
  private final CassandraConnection connection;
  private final Clock clock;

  CassandraOrigins(CassandraConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  @Override
  public void record(Origin origin, Instant expiresAt) {
    int ttl = TimeToLive.until(expiresAt, clock.instant());
    connection.run("record an origin", prepared -> prepared.session().execute(prepared.insight().recordOrigin()
        .bind(origin.key(), origin.version(), origin.instance(), origin.primerMs(), ttl)));
  }

  @Override
  public Optional<Origin> get(String key) {
    return connection.run("read an origin", prepared -> {
      Row row = prepared.session().execute(prepared.insight().origin().bind(key)).one();
      return row == null || row.isNull("version")
          ? Optional.<Origin>empty()
          : Optional.of(new Origin(key, row.getLong("version"), row.getString("instance"), row.getDouble("primer_ms")));
    });
  }
}
