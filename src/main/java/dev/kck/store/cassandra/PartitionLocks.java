package dev.kck.store.cassandra;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * In-process locks by partition, held around a lightweight transaction (or a compare-and-set loop
 * of them) on that partition.
 *
 * <p>Paxos serialises lightweight transactions per partition, and concurrent proposals on one
 * partition do not queue: they pre-empt each other, back off and retry, and past a second of that
 * Cassandra gives up with a write timeout. Threads of one instance gain nothing by racing each
 * other there, so they take turns here and only other instances contend in Cassandra. The locks are
 * striped: unrelated partitions may share one, which costs a little waiting, never correctness.
 */
final class PartitionLocks {
  private final ReentrantLock[] stripes;

  PartitionLocks(int stripes) {
    this.stripes = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock();
    }
  }

  <T> T with(Object partition, Supplier<T> work) {
    ReentrantLock lock = stripes[Math.floorMod(spread(partition.hashCode()), stripes.length)];
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
