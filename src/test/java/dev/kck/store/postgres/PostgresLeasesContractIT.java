package dev.kck.store.postgres;

import dev.kck.store.LeaseStoreContract;
import dev.kck.store.StoreBackend;

/** The LeaseStore contract on a real PostgreSQL. */
class PostgresLeasesContractIT extends LeaseStoreContract {
  @Override
  protected StoreBackend newBackend() {
    return new PostgresBackend();
  }
}
