package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * Versions for {@link CassandraStore#nextVersion}: a counter per key in the {@code versions}
 * table, advanced by a compare-and-set loop that starts from a plain read. The table is not the
 * entry's, so deleting an entry does not reset its counter.
 *
 * <p>The next version is the larger of the current one plus one and the time in microseconds
 * since the epoch. A counter unused for {@link #MEMORY} is dropped by its TTL (keys come and go;
 * the table must not grow forever); started again, it starts from the time, which is above every
 * version handed out before as long as the instances' clocks agree to within that long.
 * Microseconds stay exact as JSON numbers (below 2^53) until the year 2255.
 */
final class VersionCounters {
  static final Duration MEMORY = Duration.ofDays(30);
  private static final int LOCK_STRIPES = 256;

  private final CassandraConnection connection;
  private final Clock clock;
  private final PartitionLocks locks = new PartitionLocks(LOCK_STRIPES);

  VersionCounters(CassandraConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  long next(String key) {
    return locks.with(key, () -> advance(key));
  }

  private long advance(String key) {
    int ttl = TimeToLive.atLeast(MEMORY);
    Long current = Cells.longOrNull(execute(s -> s.readVersion().bind(key)).one(), "version");
    for (int attempt = 0; attempt < CassandraStore.MAX_ATTEMPTS; attempt++) {
      long now = micros(clock.instant());
      long next = current == null ? now : Math.max(current + 1, now);
      Long expected = current; // null matches an absent row: the same statement starts the counter
      ResultSet taken = execute(s -> s.takeVersion().bind(ttl, next, key, expected));
      if (taken.wasApplied()) {
        return next;
      }
      current = Cells.longOrNull(taken.one(), "version");
    }
    throw CassandraConnection.tooBusy("take a version");
  }

  private ResultSet execute(Function<Statements, Statement<?>> statement) {
    return connection.run("take a version",
        prepared -> prepared.session().execute(statement.apply(prepared.statements())));
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
