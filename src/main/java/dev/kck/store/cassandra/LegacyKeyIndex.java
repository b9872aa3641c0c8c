package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves what an older KCK indexed in {@code keys_by_product} (one partition per product) into
 * {@code keys_by_bucket}, once per start while the old table holds rows. Without it, keys cached
 * before the upgrade would be missing from the index until their next write: an update would not
 * refresh them, and stale values would be served until their ttl. So they are copied, which is
 * safe to repeat and to run on several instances at once:
 * <ul>
 *   <li>each copy is written with the old row's own write time, so a newer write or delete of the
 *       same key in the new table (by this version of KCK) wins over it, whatever the order;
 *   <li>a product's old partition is then deleted as of the newest write copied from it, so a row
 *       an older instance writes meanwhile (a rolling upgrade) survives and is copied next start.
 * </ul>
 * A copied key counts as last used when it was last written. One whose write time is unknown (an
 * endless entry: its expiry cell is null, which Cassandra keeps as a tombstone without a write time)
 * counts as never used, is copied at the oldest time (anything newer wins), and its old row is
 * deleted as of the copy (an older instance rewriting it later, by its clock, keeps it).
 */
final class LegacyKeyIndex {
  private static final Logger log = LoggerFactory.getLogger(LegacyKeyIndex.class);
  private static final String OLD_TABLE = "keys_by_product";

  private static final String READ = """
      SELECT product, key, expires_at, WRITETIME(expires_at) AS written, TTL(expires_at) AS time_to_live
      FROM {keyspace}.keys_by_product
      """;

  private static final String COPY = """
      INSERT INTO {keyspace}.keys_by_bucket (product, bucket, key, expires_at, last_used)
      VALUES (?, ?, ?, ?, ?)
      USING TTL ? AND TIMESTAMP ?
      """;

  private static final String FORGET = """
      DELETE FROM {keyspace}.keys_by_product USING TIMESTAMP ? WHERE product = ?
      """;

  private static final String FORGET_ROW = """
      DELETE FROM {keyspace}.keys_by_product USING TIMESTAMP ? WHERE product = ? AND key = ?
      """;

  private LegacyKeyIndex() {}

  /** Copies every row of the old table, if there is one; returns how many. */
  static long copy(CqlSession session, Preparer preparer, String quotedKeyspace) {
    boolean present = session.getMetadata().getKeyspace(CqlIdentifier.fromCql(quotedKeyspace))
        .flatMap(keyspace -> keyspace.getTable(OLD_TABLE)).isPresent();
    if (!present) {
      return 0;
    }
    PreparedStatement copy = preparer.write(COPY);
    PreparedStatement forget = preparer.write(FORGET);
    PreparedStatement forgetRow = preparer.write(FORGET_ROW);
    Partition partition = new Partition(session, forget);
    long copied = 0;
    for (Row row : session.execute(preparer.read(READ).bind())) {
      partition.next(row.getString("product"));
      Long written = row.isNull("written") ? null : row.getLong("written");
      int timeToLive = row.isNull("time_to_live") ? TimeToLive.NONE : row.getInt("time_to_live");
      String key = row.getString("key");
      session.execute(copy.bind(row.getString("product"), KeyBuckets.of(key), key, row.getInstant("expires_at"),
          written == null ? Instant.EPOCH : Instant.ofEpochMilli(written / 1000), timeToLive,
          written == null ? 1L : written));
      partition.written(written);
      if (written == null) {
        session.execute(forgetRow.bind(System.currentTimeMillis() * 1000, row.getString("product"), key));
      }
      copied++;
    }
    partition.next(null);
    if (copied > 0) {
      log.info("Copied {} key(s) from the old key index ({}) into keys_by_bucket", copied, OLD_TABLE);
    }
    return copied;
  }

  /** The old partition being copied: deleted once all of its rows are, as of its newest write. */
  private static final class Partition {
    private final CqlSession session;
    private final PreparedStatement forget;
    private String product;
    private long newest = Long.MIN_VALUE;

    Partition(CqlSession session, PreparedStatement forget) {
      this.session = session;
      this.forget = forget;
    }

    /** Rows come partition by partition: a new product means the last one is copied. */
    void next(String nextProduct) {
      if (nextProduct != null && nextProduct.equals(product)) {
        return;
      }
      if (product != null && newest != Long.MIN_VALUE) {
        session.execute(forget.bind(newest, product));
      }
      product = nextProduct;
      newest = Long.MIN_VALUE;
    }

    void written(Long writeTime) {
      if (writeTime != null) {
        newest = Math.max(newest, writeTime);
      }
    }
  }
}
