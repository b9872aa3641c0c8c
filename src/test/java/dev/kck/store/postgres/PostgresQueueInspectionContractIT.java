package dev.kck.store.postgres;

import dev.kck.store.QueueInspectionContract;
import dev.kck.store.StoreBackend;

/** The QueueInspection contract on a real PostgreSQL. */
class PostgresQueueInspectionContractIT extends QueueInspectionContract {
  @Override
  protected StoreBackend newBackend() {
    return new PostgresBackend();
  }
}
