package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One page of a product's keys in byte order, after a cursor, merged from its bucket partitions:
 * each bucket is read from the cursor on (all buckets at once, {@code limit + 1} rows a page, more
 * pages only where expired rows were skipped), and the smallest head is taken until the page is
 * full. Each bucket is in key order and a key lives in one bucket, so the merge is in key order
 * and holds each key once; the last key of one page as the next page's cursor walks every key.
 */
final class BucketMerge {
  private BucketMerge() {}

  static List<String> page(Prepared prepared, String product, String after, int limit, Instant now) {
    // '' sorts before every key, so it stands for "from the first".
    String from = after == null ? "" : after;
    List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
    for (int bucket : KeyBuckets.ALL) {
      var statement = prepared.insight().keysAfter().bind(product, bucket, from).setPageSize(limit + 1);
      reads.add(prepared.session().executeAsync(statement).toCompletableFuture());
    }
    PriorityQueue<Bucket> heads = new PriorityQueue<>(Comparator.comparing(Bucket::head, KeyBuckets.BYTE_ORDER));
    for (CompletableFuture<AsyncResultSet> read : reads) {
      Bucket bucket = new Bucket(join(read), now);
      if (bucket.advance()) {
        heads.add(bucket);
      }
    }
    List<String> keys = new ArrayList<>();
    while (keys.size() < limit && !heads.isEmpty()) {
      Bucket smallest = heads.poll();
      keys.add(smallest.head());
      if (smallest.advance()) {
        heads.add(smallest);
      }
    }
    return keys;
  }

  /** Waits on the caller's thread (never a driver thread) and lets driver failures out as they are. */
  private static AsyncResultSet join(CompletableFuture<AsyncResultSet> page) {
    try {
      return page.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof DriverException driver ? driver : e;
    }
  }

  /** One bucket's live keys after the cursor, a page at a time. */
  private static final class Bucket {
    private final Instant now;
    private AsyncResultSet page;
    private Iterator<Row> rows;
    private String head;

    Bucket(AsyncResultSet page, Instant now) {
      this.page = page;
      this.rows = page.currentPage().iterator();
      this.now = now;
    }

    String head() {
      return head;
    }

    /** Moves to the next live key; false when the bucket has none left. */
    boolean advance() {
      while (true) {
        if (!rows.hasNext()) {
          if (!page.hasMorePages()) {
            return false;
          }
          page = join(page.fetchNextPage().toCompletableFuture());
          rows = page.currentPage().iterator();
          continue;
        }
        Row row = rows.next();
        if (CassandraKeyIndex.isLive(row, now)) {
          head = row.getString("key");
          return true;
        }
      }
    }
  }
}
