package dev.kck.store.cassandra;

import dev.kck.store.LeaseStore;
import java.time.Duration;

/**
 * The leases of the Cassandra store, in {@code leases}: taken and released by lightweight
 * transactions, ended by TTL, so the database's clock decides and instances with skewed clocks
 * still agree. Lifetimes are rounded up to whole seconds (plus one).
 */
final class CassandraLeases implements LeaseStore {
  private static final int LOCK_STRIPES = 256;

  private final CassandraConnection connection;
  // Each leases row is a partition of its own: one turn at a time per name in this instance.
  private final PartitionLocks locks = new PartitionLocks(LOCK_STRIPES);

  CassandraLeases(CassandraConnection connection) {
    this.connection = connection;
  }

  @Override
  public boolean take(String name, String owner, Duration duration) {
    int ttl = TimeToLive.atLeast(duration);
    return locks.with(name, () -> connection.run("take a lease",
        prepared -> prepared.session().execute(prepared.statements().takeLease().bind(ttl, owner, name, owner)))
        .wasApplied());
  }

  @Override
  public void release(String name, String owner) {
    locks.with(name, () -> connection.run("release a lease",
        prepared -> prepared.session().execute(prepared.statements().releaseLease().bind(name, owner))));
  }
}
