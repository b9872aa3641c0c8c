package dev.kck.store.memory;

import dev.kck.store.EntryOriginsContract;
import dev.kck.store.StoreBackend;

/** The EntryOrigins contract on a fake clock. */
class MemoryEntryOriginsContractTest extends EntryOriginsContract {
  @Override
  protected StoreBackend newBackend() {
    return new MemoryBackend();
  }
}
