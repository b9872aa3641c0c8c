package dev.kck.store.memory;

import dev.kck.store.QueueInspectionContract;
import dev.kck.store.StoreBackend;

/** The QueueInspection contract on a fake clock. */
class MemoryQueueInspectionContractTest extends QueueInspectionContract {
  @Override
  protected StoreBackend newBackend() {
    return new MemoryBackend();
  }
}
