package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.kernel.KckException;
import dev.kck.kernel.Threads;
import dev.kck.store.RefreshQueue;
import dev.kck.store.RefreshRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The durable refresh queue of the Cassandra store: one row per key in {@code refresh_queue},
 * spread over {@value #BUCKETS} fixed partitions by a hash of the key.
 *
 * <p>Cassandra cannot order rows across partitions, so a claim reads every bucket (one query),
 * sorts the claimable rows in code (most demanded first, then oldest) and claims them in that
 * order, each with a lightweight transaction that only one claimer can win. The read costs time in
 * proportion to the queue's length; KCK's queue holds at most a row per cached key needing a
 * refresh, normally hundreds to a few thousand. A claim looks at no more than {@value #MAX_SCAN}
 * rows, so a larger backlog is still drained, in an order that is only approximately by demand.
 * Buckets, not one partition, because Paxos serialises the lightweight transactions of one
 * partition: requests and claims of different keys would all queue behind each other.
 *
 * <p>A claim is {@code claimed_by} written with the lease as TTL, and a back-off after a failed
 * refresh is {@code backing_off} with the back-off as TTL: both end by themselves, by the
 * database's clock. {@code generation} grows with each request of the key: it is the larger of the
 * previous one plus one and the time in microseconds, so it keeps growing when a key is completed
 * and requested again.
 */
final class CassandraRefreshQueue implements RefreshQueue, AutoCloseable {
  static final int BUCKETS = 16;
  static final int MAX_SCAN = 50_000;
  private static final List<Integer> ALL_BUCKETS = IntStream.range(0, BUCKETS).boxed().toList();
  private static final Comparator<RefreshRequest> PICK_ORDER =
      Comparator.comparingLong(RefreshRequest::demand).reversed().thenComparing(RefreshRequest::firstRequested);

  private final CassandraConnection connection;
  private final Clock clock;
  private final PartitionLocks bucketLocks = new PartitionLocks(BUCKETS);
  private final ExecutorService fanOut = Executors.newFixedThreadPool(BUCKETS, Threads.named("kck-cassandra-fan-out"));

  CassandraRefreshQueue(CassandraConnection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  @Override
  public void request(String key, long demand) {
    int bucket = bucketOf(key);
    bucketLocks.with(bucket, () -> {
      addRequest(bucket, key, demand);
      return null;
    });
  }

  /**
   * Many requests (an update's fan-out): the buckets in parallel, each bucket's keys one after
   * another. Paxos serialises the lightweight transactions of one partition, not of different
   * ones, so a fan-out over all buckets takes about a sixteenth of the time of asking key by key.
   */
  @Override
  public void requestAll(Collection<String> keys, long demand) {
    Map<Integer, List<String>> byBucket =
        keys.stream().distinct().collect(Collectors.groupingBy(CassandraRefreshQueue::bucketOf));
    List<Future<?>> buckets = new ArrayList<>();
    for (List<String> bucketKeys : byBucket.values()) {
      buckets.add(fanOut.submit(() -> bucketKeys.forEach(key -> request(key, demand))));
    }
    RuntimeException failure = null;
    for (Future<?> bucket : buckets) {
      try {
        bucket.get();
      } catch (ExecutionException e) {
        failure = e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KckException.Unavailable("interrupted while queueing refreshes", Duration.ofSeconds(1), e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    Threads.stop(fanOut, Duration.ofSeconds(2));
  }

  /**
   * Reads the queued request plainly, then inserts it (when absent) or adds to it with a
   * compare-and-set on what was read; a refusal carries the current request and the loop goes on.
   */
  private void addRequest(int bucket, String key, long demand) {
    Row queued = execute("queue a refresh", q -> q.read().bind(bucket, key)).one();
    for (int attempt = 0; attempt < CassandraStore.MAX_ATTEMPTS; attempt++) {
      Long generation = Cells.longOrNull(queued, "generation");
      Instant now = clock.instant();
      ResultSet outcome;
      if (generation == null) {
        long first = VersionCounters.micros(now);
        outcome = execute("queue a refresh", q -> q.request().bind(bucket, key, demand, now, first));
      } else {
        long queuedDemand = queued.getLong("demand");
        long next = Math.max(generation + 1, VersionCounters.micros(now));
        outcome = execute("queue a refresh", q -> q.addDemand().bind(queuedDemand + demand, next, bucket, key,
            generation, queuedDemand));
      }
      if (outcome.wasApplied()) {
        return;
      }
      queued = outcome.one();
    }
    throw CassandraConnection.tooBusy("queue a refresh");
  }

  @Override
  public List<RefreshRequest> claim(String owner, Duration lease, int limit) {
    int ttl = TimeToLive.atLeast(lease);
    List<RefreshRequest> claimed = new ArrayList<>();
    for (RefreshRequest candidate : claimable()) {
      if (claimed.size() == limit) {
        break;
      }
      try {
        if (tryClaim(candidate, owner, ttl)) {
          claimed.add(candidate);
        }
      } catch (KckException.Unavailable e) {
        if (claimed.isEmpty()) {
          throw e;
        }
        // Hand over what is claimed already: thrown away, those claims would idle until their lease ends.
        return claimed;
      }
    }
    return claimed;
  }

  /** Refused when another claimer got there first (or the request was completed meanwhile). */
  private boolean tryClaim(RefreshRequest candidate, String owner, int ttl) {
    int bucket = bucketOf(candidate.key());
    return bucketLocks.with(bucket, () -> execute("claim a refresh", q -> q.claim().bind(ttl, owner, bucket,
        candidate.key())).wasApplied());
  }

  /**
   * Deletes the request if it is still this claim's generation; otherwise, if the claim is still
   * the owner's, makes the request pending again at once.
   */
  @Override
  public void complete(RefreshRequest claimed, String owner) {
    int bucket = bucketOf(claimed.key());
    bucketLocks.with(bucket, () -> {
      completeOrRequeue(bucket, claimed, owner);
      return null;
    });
  }

  private void completeOrRequeue(int bucket, RefreshRequest claimed, String owner) {
    String key = claimed.key();
    ResultSet outcome = execute("complete a refresh", q -> q.complete().bind(bucket, key, owner, claimed.generation()));
    for (int attempt = 0; attempt < CassandraStore.MAX_ATTEMPTS; attempt++) {
      if (outcome.wasApplied()) {
        return;
      }
      Row current = outcome.one();
      if (!owner.equals(Cells.textOrNull(current, "claimed_by"))) {
        return; // the claim ended (and may be someone else's now): nothing of ours to complete
      }
      long demand = Math.max(current.getLong("demand") - claimed.demand(), 1);
      long generation = current.getLong("generation");
      outcome = execute("complete a refresh", q -> q.requeue().bind(demand, clock.instant(), bucket, key, owner,
          generation));
    }
    throw CassandraConnection.tooBusy("complete a refresh");
  }

  @Override
  public void release(RefreshRequest claimed, String owner, Duration retryAfter) {
    int ttl = TimeToLive.backOff(retryAfter);
    Boolean backingOff = ttl == TimeToLive.NONE ? null : Boolean.TRUE;
    String key = claimed.key();
    int bucket = bucketOf(key);
    bucketLocks.with(bucket, () -> execute("release a refresh", q -> q.release().bind(ttl, backingOff, bucket, key,
        owner)));
  }

  @Override
  public long pending() {
    return connection.run("count refreshes", prepared -> {
      long rows = 0;
      for (Row ignored : prepared.session().execute(prepared.queue().list().bind(ALL_BUCKETS))) {
        rows++;
      }
      return rows;
    });
  }

  /** Requests neither claimed nor backing off, in pick order. */
  private List<RefreshRequest> claimable() {
    return connection.run("list refreshes", prepared -> {
      List<RefreshRequest> requests = new ArrayList<>();
      int scanned = 0;
      for (Row row : prepared.session().execute(prepared.queue().list().bind(ALL_BUCKETS))) {
        if (row.isNull("claimed_by") && row.isNull("backing_off") && !row.isNull("demand")) {
          requests.add(new RefreshRequest(row.getString("key"), row.getLong("demand"),
              row.getInstant("first_requested"), row.getLong("generation")));
        }
        if (++scanned == MAX_SCAN) {
          break;
        }
      }
      requests.sort(PICK_ORDER);
      return requests;
    });
  }

  private ResultSet execute(String operation, Function<QueueStatements, BoundStatement> statement) {
    return connection.run(operation, prepared -> prepared.session().execute(statement.apply(prepared.queue())));
  }

  /** Stable across JVMs and versions: String.hashCode is specified by the language. */
  static int bucketOf(String key) {
    return Math.floorMod(key.hashCode(), BUCKETS);
  }
}
