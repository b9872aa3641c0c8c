package dev.kck.store.cassandra;

import dev.kck.store.LeaseStoreContract;
import dev.kck.store.StoreBackend;

/** The LeaseStore contract on a real Cassandra node. */
class CassandraLeasesContractIT extends LeaseStoreContract {
  @Override
  protected StoreBackend newBackend() {
    return new CassandraBackend();
  }
}
