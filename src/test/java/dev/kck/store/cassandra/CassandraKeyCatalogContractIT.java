package dev.kck.store.cassandra;

import dev.kck.store.KeyCatalogContract;
import dev.kck.store.StoreBackend;

/** The KeyCatalog contract on a real Cassandra node. */
class CassandraKeyCatalogContractIT extends KeyCatalogContract {
  @Override
  protected StoreBackend newBackend() {
    return new CassandraBackend();
  }
}
