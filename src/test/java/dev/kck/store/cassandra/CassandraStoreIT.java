package dev.kck.store.cassandra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.store.CacheStore;
import dev.kck.store.StoredEntry;
import dev.kck.testing.Race;
import dev.kck.testing.SharedCassandra;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** What only the Cassandra store does, on a real Cassandra node (the contracts run in *ContractIT). */
class CassandraStoreIT {
  private static final CassandraBackend BACKEND = new CassandraBackend();
  private static KckConfig.Cassandra config;
  private CacheStore store;
  private String prefix;

  @BeforeAll
  static void createKeyspace() {
    config = CassandraBackend.config();
  }

  @BeforeEach
  void openStore(TestInfo test) {
    prefix = test.getTestMethod().orElseThrow().getName();
    store = BACKEND.open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** Also covers case folding: unquoted CQL names are lower case. */
  @Test
  void instances_starting_at_once_create_the_absent_keyspace_and_tables_together() throws Exception {
    KckConfig.Cassandra racing = CassandraBackend.configFor(SharedCassandra.node(), "Racing_Start");

    List<CacheStore> opened = Race.run(4, i -> () -> CassandraStore.open(racing, Clock.systemUTC()));
    try {
      for (int i = 0; i < opened.size(); i++) {
        assertThat(opened.get(i).entries().putIfNewer(entry("k", i + 1, null))).isTrue();
      }
      assertThat(opened.get(0).entries().get("k")).get().extracting(StoredEntry::version).isEqualTo(4L);
    } finally {
      opened.forEach(CacheStore::close);
    }
    assertThat(tablesOf("racing_start")).containsExactlyInAnyOrder(
        "cache_entries", "keys_by_bucket", "versions", "leases", "refresh_queue", "dependencies", "instances",
        "origins");
  }

  @Test
  void refuses_a_keyspace_name_or_replication_that_is_not_plain() {
    KckConfig.Cassandra badName = CassandraBackend.configFor(SharedCassandra.node(), "kck; drop keyspace kck");
    KckConfig.Cassandra badReplication = new KckConfig.Cassandra(config.contactPoints(), config.localDatacenter(),
        "kck", CassandraBackend.REPLICATION + " AND durable_writes = false", "LOCAL_ONE", "LOCAL_QUORUM");

    assertThatThrownBy(() -> CassandraStore.open(badName, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CassandraStore.open(badReplication, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rows_carry_a_ttl_from_their_expiry_so_cassandra_drops_them() {
    Instant inAnHour = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    store.entries().putIfNewer(entry(key("p/expiring"), 1, inAnHour));
    store.entries().putIfNewer(entry(key("p/forever"), 1, null));

    assertThat(ttlOf("cache_entries", "value", "key", key("p/expiring"))).isBetween(3590, 3602);
    assertThat(ttlOf("keys_by_bucket", "expires_at", "product", productOf(key("p/expiring")),
        "bucket", KeyBuckets.of(key("p/expiring")), "key", key("p/expiring"))).isBetween(3590, 3602);
    assertThat(ttlOf("cache_entries", "value", "key", key("p/forever"))).isNull();
  }

  @Test
  void a_recorded_use_keeps_the_index_rows_ttl() {
    String key = key("p/used");
    store.entries().putIfNewer(entry(key, 1, Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS)));

    store.index().recordUse(List.of(key), Instant.now().plusSeconds(5));

    assertThat(ttlOf("keys_by_bucket", "last_used", "product", productOf(key), "bucket", KeyBuckets.of(key),
        "key", key)).isBetween(3590, 3602);
    assertThat(store.index().leastRecentlyUsed(productOf(key), 0, 10)).containsExactly(key);
  }

  /** Keys past U+FFFF sort after U+FFFD in bytes (and code points), before it in UTF-16 units. */
  @Test
  void pages_walk_keys_spread_over_every_bucket_in_byte_order_each_once() {
    String product = prefix;
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add(product + "/" + i + (i % 3 == 0 ? "\uFFFD" : i % 3 == 1 ? "\uD83D\uDE00" : ""));
    }
    keys.forEach(key -> store.entries().putIfNewer(entry(key, 1, null)));
    assertThat(keys.stream().map(KeyBuckets::of).distinct()).hasSize(KeyBuckets.COUNT);

    List<String> walked = new ArrayList<>();
    List<String> page = store.catalog().keysAfter(product, null, 7);
    while (!page.isEmpty()) {
      assertThat(page.size()).isLessThanOrEqualTo(7);
      walked.addAll(page);
      page = store.catalog().keysAfter(product, page.get(page.size() - 1), 7);
    }

    List<String> inByteOrder = keys.stream()
        .sorted((a, b) -> Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8))).toList();
    assertThat(walked).containsExactlyElementsOf(inByteOrder);
    assertThat(store.catalog().count(product)).isEqualTo(300);
    assertThat(store.index().keysOf(product, 1000)).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void keys_indexed_by_an_older_kck_are_copied_into_the_buckets_and_a_newer_row_wins() throws Exception {
    KckConfig.Cassandra upgraded = CassandraBackend.configFor(SharedCassandra.node(),
        SharedCassandra.newKeyspace("legacy_index"));
    Instant inTenMinutes = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
    try (CacheStore first = CassandraStore.open(upgraded, Clock.systemUTC())) {
      first.entries().putIfNewer(entry("old/newer", 1, inTenMinutes));
    }
    Instant inAnHour = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    try (CqlSession session = SharedCassandra.node().sessionBuilder().build()) {
      String table = upgraded.keyspace() + ".keys_by_product";
      session.execute("CREATE TABLE " + table + " (product text, key text, expires_at timestamp, "
          + "PRIMARY KEY (product, key))");
      session.execute("INSERT INTO " + table + " (product, key, expires_at) VALUES ('old', 'old/1', ?) USING TTL 3600",
          inAnHour);
      session.execute("INSERT INTO " + table + " (product, key, expires_at) VALUES ('old', 'old/endless', null)");
      session.execute("INSERT INTO " + table + " (product, key, expires_at) VALUES ('old', 'old/newer', ?) "
          + "USING TIMESTAMP 1", inAnHour);
    }

    try (CacheStore second = CassandraStore.open(upgraded, Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(second.index().keysOf("old", 10))
          .containsExactlyInAnyOrder("old/1", "old/endless", "old/newer"));
      assertThat(second.index().leastRecentlyUsed("old", 0, 10)).startsWith("old/endless"); // never known used
    }
    try (CqlSession session = SharedCassandra.node().sessionBuilder().build()) {
      Row newer = session.execute("SELECT expires_at FROM " + upgraded.keyspace() + ".keys_by_bucket "
          + "WHERE product = 'old' AND bucket = ? AND key = 'old/newer'", KeyBuckets.of("old/newer")).one();
      assertThat(newer.getInstant("expires_at")).isEqualTo(inTenMinutes);
      assertThat(session.execute("SELECT key FROM " + upgraded.keyspace() + ".keys_by_product").all()).isEmpty();
    }
  }

  @Test
  void a_newer_version_that_expires_sooner_leaves_nothing_behind() {
    String key = key("k");
    store.entries().putIfNewer(entry(key, 1, Instant.now().plus(Duration.ofMinutes(10))));
    store.entries().putIfNewer(entry(key, 2, Instant.now().plus(BACKEND.shortLifetime())));

    // Had the first write left a row marker (INSERT does), an empty row would outlive the value.
    BACKEND.afterTimePasses(BACKEND.shortLifetime().plusSeconds(2), () -> assertThat(rowExists(key)).isFalse());

    assertThat(store.entries().get(key)).isEmpty();
    assertThat(store.entries().putIfNewer(entry(key, 1, null))).isTrue();
    assertThat(store.entries().get(key)).get().extracting(StoredEntry::version).isEqualTo(1L);
  }

  @Test
  void renewal_moves_the_lease_ttl() {
    store.leases().take(key("lease"), "a", Duration.ofSeconds(10));

    store.leases().take(key("lease"), "a", Duration.ofHours(1));

    assertThat(ttlOf("leases", "owner", "name", key("lease"))).isGreaterThan(3590);
  }

  @Test
  void unreachable_node_is_unavailable_at_once_not_a_hang() throws Exception {
    KckConfig.Cassandra nowhere = CassandraBackend.configFor(new InetSocketAddress("127.0.0.1", unusedPort()), "kck");
    long start = System.nanoTime();

    try (CacheStore unreachable = CassandraStore.open(nowhere, Clock.systemUTC(), Duration.ofSeconds(1))) {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThatThrownBy(unreachable::ping).isInstanceOfSatisfying(KckException.Unavailable.class, e -> {
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.retryAfter()).isPositive();
        assertThat(e.getMessage()).contains("cassandra").doesNotContainIgnoringCase("select");
      });
      assertThatThrownBy(() -> unreachable.entries().get("k")).isInstanceOf(KckException.Unavailable.class);
      assertThatThrownBy(() -> unreachable.leases().take("l", "a", Duration.ofSeconds(5)))
          .isInstanceOf(KckException.Unavailable.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void operations_after_close_are_unavailable() {
    CacheStore closed = CassandraStore.open(config, Clock.systemUTC());
    closed.close();

    assertThatThrownBy(() -> closed.entries().get("k")).isInstanceOf(KckException.Unavailable.class);
    assertThatThrownBy(closed::ping).isInstanceOf(KckException.Unavailable.class);
  }

  // --- helpers ---

  /** A key (or lease name) of this test alone; its product is the test's name. */
  private String key(String name) {
    return prefix + "/" + name;
  }

  static StoredEntry entry(String key, long version, Instant expiresAt) {
    return new StoredEntry(key, "1".getBytes(UTF_8), version, Instant.now().truncatedTo(ChronoUnit.MILLIS), expiresAt);
  }

  private static String productOf(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  private static List<String> tablesOf(String keyspace) {
    try (CqlSession session = SharedCassandra.node().sessionBuilder().build()) {
      return session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
          .all().stream().map(row -> row.getString("table_name")).toList();
    }
  }

  /** TTL of {@code column} in the row whose key columns have the given values (name, value, ...). */
  private static Integer ttlOf(String table, String column, Object... keyColumns) {
    StringBuilder where = new StringBuilder();
    Object[] values = new Object[keyColumns.length / 2];
    for (int i = 0; i < keyColumns.length; i += 2) {
      where.append(i == 0 ? "" : " AND ").append(keyColumns[i]).append(" = ?");
      values[i / 2] = keyColumns[i + 1];
    }
    String cql = "SELECT ttl(" + column + ") FROM " + config.keyspace() + "." + table + " WHERE " + where;
    try (CqlSession session = SharedCassandra.node().sessionBuilder().build()) {
      Row row = session.execute(cql, values).one();
      assertThat(row).as("row in %s", table).isNotNull();
      return row.isNull(0) ? null : row.getInt(0);
    }
  }

  private static boolean rowExists(String key) {
    try (CqlSession session = SharedCassandra.node().sessionBuilder().build()) {
      String cql = "SELECT key FROM " + config.keyspace() + ".cache_entries WHERE key = ?";
      return session.execute(cql, key).one() != null;
    }
  }

  private static int unusedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
