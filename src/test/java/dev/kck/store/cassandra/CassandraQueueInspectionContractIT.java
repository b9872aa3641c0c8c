package dev.kck.store.cassandra;

import dev.kck.store.QueueInspectionContract;
import dev.kck.store.StoreBackend;

/** The QueueInspection contract on a real Cassandra node. */
class CassandraQueueInspectionContractIT extends QueueInspectionContract {
  @Override
  protected StoreBackend newBackend() {
    return new CassandraBackend();
  }
}
