package dev.kck.store.cassandra;

import dev.kck.store.EntryStoreContract;
import dev.kck.store.StoreBackend;

/** The EntryStore contract on a real Cassandra node. */
class CassandraEntriesContractIT extends EntryStoreContract {
  @Override
  protected StoreBackend newBackend() {
    return new CassandraBackend();
  }
}
