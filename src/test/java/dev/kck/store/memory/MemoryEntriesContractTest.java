package dev.kck.store.memory;

import dev.kck.store.EntryStoreContract;
import dev.kck.store.StoreBackend;

/** The EntryStore contract on a fake clock. */
class MemoryEntriesContractTest extends EntryStoreContract {
  @Override
  protected StoreBackend newBackend() {
    return new MemoryBackend();
  }
}
