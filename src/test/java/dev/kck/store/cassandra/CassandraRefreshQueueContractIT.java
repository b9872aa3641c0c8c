package dev.kck.store.cassandra;

import dev.kck.store.RefreshQueueContract;
import dev.kck.store.StoreBackend;

/** The RefreshQueue contract on a real Cassandra node. */
class CassandraRefreshQueueContractIT extends RefreshQueueContract {
  @Override
  protected StoreBackend newBackend() {
    return new CassandraBackend();
  }
}
