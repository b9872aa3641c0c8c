package dev.kck.store.postgres;

import dev.kck.store.EntryOriginsContract;
import dev.kck.store.StoreBackend;

/** The EntryOrigins contract on a real PostgreSQL. */
class PostgresEntryOriginsContractIT extends EntryOriginsContract {
  @Override
  protected StoreBackend newBackend() {
    return new PostgresBackend();
  }
}
