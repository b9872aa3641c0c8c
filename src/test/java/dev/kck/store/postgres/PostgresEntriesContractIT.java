package dev.kck.store.postgres;

import dev.kck.store.EntryStoreContract;
import dev.kck.store.StoreBackend;

/** The EntryStore contract on a real PostgreSQL. */
class PostgresEntriesContractIT extends EntryStoreContract {
  @Override
  protected StoreBackend newBackend() {
    return new PostgresBackend();
  }
}
