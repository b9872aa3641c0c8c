package dev.kck.store.postgres;

import dev.kck.store.KeyIndexContract;
import dev.kck.store.StoreBackend;

/** The KeyIndex contract on a real PostgreSQL. */
class PostgresKeyIndexContractIT extends KeyIndexContract {
  @Override
  protected StoreBackend newBackend() {
    return new PostgresBackend();
  }
}
