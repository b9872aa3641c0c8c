package dev.kck.store.postgres;

import dev.kck.store.HeartbeatsContract;
import dev.kck.store.StoreBackend;

/** The Heartbeats contract on a real PostgreSQL. */
class PostgresHeartbeatsContractIT extends HeartbeatsContract {
  @Override
  protected StoreBackend newBackend() {
    return new PostgresBackend();
  }
}
