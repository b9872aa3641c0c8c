package dev.kck.bench;

import java.io.IOException;

/** A KCK instance's memory with garbage out of the way: heap in use after a full GC, and its RSS. */
record Heap(long heapBytes, long rssKb) {

  /** Two full GCs (jcmd GC.run; the second catches what the first's finalisation freed), then /metrics. */
  static Heap afterFullGc(KckInstance kck, Http http) throws IOException, InterruptedException {
    Jcmd.run(kck.child.pid(), "GC.run");
    Jcmd.run(kck.child.pid(), "GC.run");
    return new Heap(kck.heapUsedBytes(http), kck.child.memoryKb()[1]);
  }

  static double mib(double bytes) {
    return bytes / 1024.0 / 1024.0;
  }
}
