package dev.kck.store.memory;

import dev.kck.store.KeyIndexContract;
import dev.kck.store.StoreBackend;

/** The KeyIndex contract on a fake clock. */
class MemoryKeyIndexContractTest extends KeyIndexContract {
  @Override
  protected StoreBackend newBackend() {
    return new MemoryBackend();
  }
}
