package dev.kck.store.memory;

import dev.kck.store.RefreshQueueContract;
import dev.kck.store.StoreBackend;

/** The RefreshQueue contract on a fake clock. */
class MemoryRefreshQueueContractTest extends RefreshQueueContract {
  @Override
  protected StoreBackend newBackend() {
    return new MemoryBackend();
  }
}
