package dev.kck.store.memory;

import dev.kck.store.KeyCatalogContract;
import dev.kck.store.StoreBackend;

/** The KeyCatalog contract on a fake clock. */
class MemoryKeyCatalogContractTest extends KeyCatalogContract {
  @Override
  protected StoreBackend newBackend() {
    return new MemoryBackend();
  }
}
