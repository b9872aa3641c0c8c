package dev.kck.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's keyspace and tables, created on start when absent.
 *
 * <p>Several instances may start at once against a new cluster, each sending {@code CREATE TABLE IF
 * NOT EXISTS} through its own coordinator. Without an explicit id, each coordinator would mint its
 * own table id and the cluster could end up with two ids for one table (a schema disagreement that
 * needs an operator). Every table therefore gets an id derived from its keyspace and name, so
 * concurrent creations describe the same table.
 */
final class CassandraSchema {
  private static final Logger log = LoggerFactory.getLogger(CassandraSchema.class);
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,47}");
  static final Duration DDL_TIMEOUT = Duration.ofSeconds(10);

  private record Table(String name, String definition) {}

  // {keyspace} is filled in (checked and quoted); {id} is the table's derived id.
  private static final List<Table> TABLES = List.of(
      // One partition per key. All writes are lightweight transactions (see CassandraStore).
      new Table("cache_entries", """
          CREATE TABLE IF NOT EXISTS {keyspace}.cache_entries (
            key text PRIMARY KEY,
            value blob,
            version bigint,
            modified timestamp,
            expires_at timestamp)
          WITH ID = {id}
          """),
      // Written beside each entry with the same TTL. A product's keys are spread over a fixed number of
      // bucket partitions (see KeyBuckets), so no partition grows without bound; keysOf reads them
      // all. It replaces keys_by_product (one partition per product), whose rows LegacyKeyIndex copies.
      new Table("keys_by_bucket", """
          CREATE TABLE IF NOT EXISTS {keyspace}.keys_by_bucket (
            product text,
            bucket int,
            key text,
            expires_at timestamp,
            last_used timestamp,
            PRIMARY KEY ((product, bucket), key))
          WITH ID = {id}
          """),
      // A counter per key (see VersionCounters): not reset by a delete of the entry, dropped by its
      // TTL after a long time unused.
      new Table("versions", """
          CREATE TABLE IF NOT EXISTS {keyspace}.versions (
            key text PRIMARY KEY,
            version bigint)
          WITH ID = {id}
          """),
      // owner is written with the lease's TTL and never with INSERT: when the TTL ends the row is
      // gone, so the database's own clock decides expiry. A resurrected lease is expired anyway,
      // which is why tombstones need not be kept for long.
      new Table("leases", """
          CREATE TABLE IF NOT EXISTS {keyspace}.leases (
            name text PRIMARY KEY,
            owner text)
          WITH ID = {id} AND gc_grace_seconds = 3600
          """),
      // A few fixed bucket partitions read and sorted in code (see CassandraRefreshQueue).
      // claimed_by and backing_off carry TTLs: a claim or a back-off ends by itself. A request that
      // a lost tombstone brings back costs one extra refresh, so tombstones need not be kept long.
      new Table("refresh_queue", """
          CREATE TABLE IF NOT EXISTS {keyspace}.refresh_queue (
            bucket int,
            key text,
            demand bigint,
            first_requested timestamp,
            generation bigint,
            claimed_by text,
            backing_off boolean,
            PRIMARY KEY (bucket, key))
          WITH ID = {id} AND gc_grace_seconds = 3600
          """),
      // One row per live instance, written with its heartbeat's lifetime as TTL (see CassandraHeartbeats).
      new Table("instances", """
          CREATE TABLE IF NOT EXISTS {keyspace}.instances (
            id text PRIMARY KEY,
            host text,
            started timestamp,
            last_seen timestamp,
            version text)
          WITH ID = {id} AND gc_grace_seconds = 3600
          """),
      // Who computed each key's newest version, with the entry's TTL (see CassandraOrigins).
      new Table("origins", """
          CREATE TABLE IF NOT EXISTS {keyspace}.origins (
            key text PRIMARY KEY,
            version bigint,
            instance text,
            primer_ms double)
          WITH ID = {id}
          """),
      new Table("dependencies", """
          CREATE TABLE IF NOT EXISTS {keyspace}.dependencies (
            dependency text,
            dependent text,
            PRIMARY KEY (dependency, dependent))
          WITH ID = {id}
          """));

  private CassandraSchema() {}

  /**
   * The keyspace name as Cassandra stores it. Identifiers cannot be bound, so the name is checked
   * against a strict pattern; unquoted CQL names are case-insensitive, so it is lower-cased first
   * (KCK's config allows upper-case letters).
   */
  static String keyspaceName(String keyspace) {
    String name = keyspace == null ? "" : keyspace.toLowerCase(Locale.ROOT);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("keyspace must match " + NAME.pattern() + ": " + keyspace);
    }
    return name;
  }

  /** A checked keyspace name quoted for CQL text: it may be a CQL keyword. */
  static String quoted(String keyspaceName) {
    return '"' + keyspaceName(keyspaceName) + '"';
  }

  /** Puts the (quoted) keyspace into a CQL text of this package. */
  static String cql(String template, String quotedKeyspace) {
    return template.replace("{keyspace}", quotedKeyspace);
  }

  /**
   * Creates the keyspace and whatever table is missing; a no-op when everything exists. Runs on
   * KCK's own setup thread (the driver waits for schema agreement after each change).
   *
   * @param replication a CQL replication map from config, used only when the keyspace is new
   */
  static void create(CqlSession session, String quotedKeyspace, String replication) {
    checkReplication(replication);
    execute(session, "CREATE KEYSPACE IF NOT EXISTS " + quotedKeyspace + " WITH replication = " + replication);
    for (Table table : TABLES) {
      execute(session, cql(table.definition(), quotedKeyspace).replace("{id}", id(quotedKeyspace, table).toString()));
    }
    if (!session.checkSchemaAgreement()) {
      log.warn("Cassandra nodes do not agree on the schema yet; KCK goes on and the cluster converges by itself");
    }
  }

  /**
   * The replication map is CQL text from the operator's config and cannot be bound; requiring one
   * map literal keeps a typo from turning into other keyspace options.
   */
  static void checkReplication(String replication) {
    String text = replication == null ? "" : replication.strip();
    if (!text.startsWith("{") || !text.endsWith("}") || text.indexOf('}') != text.length() - 1) {
      throw new IllegalArgumentException("replication must be one CQL map such as "
          + "{'class': 'SimpleStrategy', 'replication_factor': 1}: " + replication);
    }
  }

  /** The same for every instance, and distinct per keyspace (table ids are unique cluster-wide). */
  private static UUID id(String quotedKeyspace, Table table) {
    return UUID.nameUUIDFromBytes(("kck:" + quotedKeyspace + "." + table.name()).getBytes(StandardCharsets.UTF_8));
  }

  private static void execute(CqlSession session, String ddl) {
    session.execute(SimpleStatement.newInstance(ddl).setTimeout(DDL_TIMEOUT));
  }
}
