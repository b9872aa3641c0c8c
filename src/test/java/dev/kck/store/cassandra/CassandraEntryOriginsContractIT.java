package dev.kck.store.cassandra;

import dev.kck.store.EntryOriginsContract;
import dev.kck.store.StoreBackend;

/** The EntryOrigins contract on a real Cassandra node. */
class CassandraEntryOriginsContractIT extends EntryOriginsContract {
  @Override
  protected StoreBackend newBackend() {
    return new CassandraBackend();
  }
}
