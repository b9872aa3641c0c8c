package dev.kck.store.postgres;

import dev.kck.store.KeyCatalogContract;
import dev.kck.store.StoreBackend;

/** The KeyCatalog contract on a real PostgreSQL. */
class PostgresKeyCatalogContractIT extends KeyCatalogContract {
  @Override
  protected StoreBackend newBackend() {
    return new PostgresBackend();
  }
}
