package dev.kck.store.cassandra;

import dev.kck.store.KeyIndexContract;
import dev.kck.store.StoreBackend;

/** The KeyIndex contract on a real Cassandra node. */
class CassandraKeyIndexContractIT extends KeyIndexContract {
  @Override
  protected StoreBackend newBackend() {
    return new CassandraBackend();
  }
}
