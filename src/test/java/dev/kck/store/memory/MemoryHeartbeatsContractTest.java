package dev.kck.store.memory;

import dev.kck.store.HeartbeatsContract;
import dev.kck.store.StoreBackend;

/** The Heartbeats contract on a fake clock. */
class MemoryHeartbeatsContractTest extends HeartbeatsContract {
  @Override
  protected StoreBackend newBackend() {
    return new MemoryBackend();
  }
}
