package dev.kck.store.cassandra;

import dev.kck.store.HeartbeatsContract;
import dev.kck.store.StoreBackend;

/** The Heartbeats contract on a real Cassandra node. */
class CassandraHeartbeatsContractIT extends HeartbeatsContract {
  @Override
  protected StoreBackend newBackend() {
    return new CassandraBackend();
  }
}
