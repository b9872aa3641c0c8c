package dev.kck.store.memory;

import dev.kck.store.LeaseStoreContract;
import dev.kck.store.StoreBackend;

/** The LeaseStore contract on a fake clock. */
class MemoryLeasesContractTest extends LeaseStoreContract {
  @Override
  protected StoreBackend newBackend() {
    return new MemoryBackend();
  }
}
