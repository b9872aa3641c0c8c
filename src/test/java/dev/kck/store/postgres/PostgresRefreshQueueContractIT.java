package dev.kck.store.postgres;

import dev.kck.store.RefreshQueueContract;
import dev.kck.store.StoreBackend;

/** The RefreshQueue contract on a real PostgreSQL. */
class PostgresRefreshQueueContractIT extends RefreshQueueContract {
  @Override
  protected StoreBackend newBackend() {
    return new PostgresBackend();
  }
}
