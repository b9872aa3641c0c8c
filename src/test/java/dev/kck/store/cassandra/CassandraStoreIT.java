package dev.kck.store.cassandra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        "cache_entries", "keys_by_product", "versions", "leases", "refresh_queue", "dependencies", "instances",
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
    assertThat(ttlOf("keys_by_product", "expires_at", "product", productOf(key("p/expiring")),
        "key", key("p/expiring"))).isBetween(3590, 3602);
    assertThat(ttlOf("cache_entries", "value", "key", key("p/forever"))).isNull();
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
