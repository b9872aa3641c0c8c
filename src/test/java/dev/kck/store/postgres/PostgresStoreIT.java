package dev.kck.store.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.kck.kernel.KckException;
import dev.kck.store.CacheStore;
import dev.kck.store.RefreshRequest;
import dev.kck.store.StoredEntry;
import dev.kck.testing.Race;
import dev.kck.testing.SharedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.postgresql.ds.PGSimpleDataSource;

/** What only the postgres store does, on a real PostgreSQL (the contracts run in *ContractIT). */
class PostgresStoreIT {
  private static HikariDataSource dataSource;
  private CacheStore store;
  private String prefix;

  @BeforeAll
  static void createDatabase() {
    dataSource = SharedPostgres.newDatabase("postgres_store_it");
  }

  @AfterAll
  static void closePool() {
    dataSource.close();
  }

  @BeforeEach
  void openStore(TestInfo test) {
    prefix = test.getTestMethod().orElseThrow().getName();
    store = PostgresStore.open(dataSource);
  }

  @Test
  void instances_starting_at_once_all_open_the_same_new_schema() throws Exception {
    Race.run(6, i -> () -> PostgresStore.open(dataSource, "racing_start"));

    assertThat(tableExists("racing_start.entries")).isTrue();
    assertThat(tableExists("racing_start.leases")).isTrue();
    assertThat(tableExists("racing_start.refresh_queue")).isTrue();
    assertThat(tableExists("racing_start.dependencies")).isTrue();
  }

  @Test
  void keeps_its_tables_in_the_configured_schema() {
    CacheStore other = PostgresStore.open(dataSource, "other_schema");
    other.entries().putIfNewer(entry("shared-key", 1, null));

    assertThat(other.entries().get("shared-key")).isPresent();
    assertThat(store.entries().get("shared-key")).isEmpty();
  }

  @Test
  void refuses_a_schema_name_that_is_not_a_plain_identifier() {
    assertThatThrownBy(() -> PostgresStore.open(dataSource, "kck; drop schema kck"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void purge_deletes_expired_rows_and_keeps_live_ones() {
    store.entries().putIfNewer(entry(key("expired"), 1, Instant.now().minusSeconds(60)));
    store.entries().putIfNewer(entry(key("live"), 1, Instant.now().plusSeconds(60)));
    store.leases().take(key("lease"), "a", Duration.ofMillis(1));

    PostgresEntries entries = new PostgresEntries(new Jdbc(dataSource), "kck");
    PostgresLeases leases = new PostgresLeases(new Jdbc(dataSource), "kck");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      entries.purgeExpired();
      leases.purgeExpired();
      assertThat(count("select count(*) from kck.leases where name = ?", key("lease"))).isZero();
    });

    assertThat(count("select count(*) from kck.entries where key = ?", key("expired"))).isZero();
    assertThat(count("select count(*) from kck.entries where key = ?", key("live"))).isOne();
  }

  @Test
  void renewal_moves_the_lease_expiry_by_the_database_clock() {
    store.leases().take(key("lease"), "a", Duration.ofSeconds(10));

    store.leases().take(key("lease"), "a", Duration.ofHours(1));

    assertThat(count("""
        select count(*) from kck.leases
        where name = ? and expires_at > clock_timestamp() + interval '59 minutes'
        """, key("lease"))).isOne();
  }

  @Test
  void product_column_is_the_key_up_to_its_first_slash() {
    store.entries().putIfNewer(entry(key("p/1/2"), 1, null));
    store.entries().putIfNewer(entry("solo_product", 1, null));

    assertThat(text("select product from kck.entries where key = ?", key("p/1/2")))
        .isEqualTo("product_column_is_the_key_up_to_its_first_slash");
    assertThat(text("select product from kck.entries where key = ?", "solo_product")).isEqualTo("solo_product");
  }

  @Test
  void a_dependency_recorded_twice_is_one_row() {
    store.index().addDependency(key("book/7"), key("availability/7"));
    store.index().addDependency(key("book/7"), key("availability/7"));

    assertThat(count("select count(*) from kck.dependencies where dependency = ?", key("book/7"))).isOne();
  }

  @Test
  void claims_run_on_the_database_clock() {
    store.queue().request(key("k"), 1);

    store.queue().claim("a", Duration.ofHours(1), 1000);

    assertThat(count("""
        select count(*) from kck.refresh_queue
        where key = ? and claimed_until > clock_timestamp() + interval '59 minutes'
          and first_requested between clock_timestamp() - interval '1 minute' and clock_timestamp()
        """, key("k"))).isOne();
  }

  @Test
  void a_request_made_while_claimed_comes_back_with_only_its_own_demand_and_age() {
    store.queue().request(key("k"), 2);
    RefreshRequest first = claimOne("a", Duration.ofMinutes(10));
    store.queue().request(key("k"), 3);

    store.queue().complete(first, "a");

    RefreshRequest again = claimOne("b", Duration.ofMinutes(10));
    assertThat(again.demand()).isEqualTo(3);
    assertThat(again.firstRequested()).isAfter(first.firstRequested());
  }

  @Test
  void unreachable_database_is_unavailable_with_a_retry_after_and_no_sql_text() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");

    assertThatThrownBy(() -> PostgresStore.open(nowhere))
        .isInstanceOfSatisfying(KckException.Unavailable.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.retryAfter()).isPositive();
          assertThat(e.getMessage())
              .doesNotContainIgnoringCase("schema if not exists")
              .doesNotContainIgnoringCase("advisory")
              .doesNotContain(e.getCause().getMessage());
        });
  }

  @Test
  void failure_after_opening_is_unavailable_too() {
    HikariDataSource closed = SharedPostgres.newDatabase("closed_pool");
    CacheStore opened = PostgresStore.open(closed);
    closed.close();

    assertThatThrownBy(() -> opened.entries().get("k")).isInstanceOf(KckException.Unavailable.class);
    assertThatThrownBy(opened::ping).isInstanceOf(KckException.Unavailable.class);
  }

  /** The one request of this class that {@code owner} claims now. */
  private RefreshRequest claimOne(String owner, Duration lease) {
    List<RefreshRequest> claimed = store.queue().claim(owner, lease, 1000).stream()
        .filter(request -> request.key().startsWith(key(""))).toList();
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  /** A key (or lease name) of this test alone; its product is the test's name. */
  private String key(String name) {
    return prefix + "/" + name;
  }

  private static StoredEntry entry(String key, long version, Instant expiresAt) {
    return new StoredEntry(key, "1".getBytes(UTF_8), version, Instant.parse("2026-11-21T10:00:00Z"), expiresAt);
  }

  private static boolean tableExists(String name) {
    return count("select count(*) from (select to_regclass(?) as t) r where t is not null", name) == 1;
  }

  private static String text(String sql, String parameter) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql, String parameter) {
    return Long.parseLong(text(sql, parameter));
  }
}
