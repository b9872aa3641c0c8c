package dev.kck.store.postgres;

import dev.kck.source.SchemaScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The store's tables, created on start when absent ({@link SchemaScript}: safe when several
 * instances start at once).
 */
final class PostgresSchema {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  // Column lists are fixed here; everything else in the store names its columns explicitly.
  private static final List<String> DDL = List.of(
      """
      create schema if not exists {schema}
      """,
      // product is derived from the key by the database itself, so it can never disagree with it;
      // keysOf finds a product's keys through its index instead of scanning every key.
      """
      create table if not exists {schema}.entries (
        key text primary key,
        product text not null generated always as (split_part(key, '/', 1)) stored,
        value bytea not null,
        version bigint not null,
        modified timestamptz not null,
        expires_at timestamptz,
        last_used timestamptz not null default now())
      """,
      // Deployments older than the per-product key bounds: their rows count as used when this ran
      // (a constant default, so no table rewrite).
      """
      alter table {schema}.entries add column if not exists last_used timestamptz not null default now()
      """,
      // A product's least recently used keys, for its bound of cached keys (see PostgresKeyIndex).
      """
      create index if not exists entries_product_last_used on {schema}.entries (product, last_used)
      """,
      """
      create index if not exists entries_expires_at on {schema}.entries (expires_at)
        where expires_at is not null
      """,
      """
      create index if not exists entries_product on {schema}.entries (product)
      """,
      // The key catalog pages a product's keys in byte order ("C"), whatever the database's
      // collation: a product's keys are one range of it (see PostgresKeyIndex). The key alone, not
      // (product, key): two long keys in one B-tree entry would overflow it, as for dependencies.
      """
      create index if not exists entries_key_bytes on {schema}.entries (key collate "C")
      """,
      // Who computed each key's newest version (see PostgresOrigins).
      """
      create table if not exists {schema}.origins (
        key text primary key,
        version bigint not null,
        instance text not null,
        primer_ms double precision not null)
      """,
      // One row per live instance, rewritten by its heartbeat; expires_at is the database's clock.
      """
      create table if not exists {schema}.instances (
        id text primary key,
        host text not null,
        started timestamptz not null,
        last_seen timestamptz not null,
        version text not null,
        expires_at timestamptz not null)
      """,
      """
      create sequence if not exists {schema}.versions
      """,
      """
      create table if not exists {schema}.leases (
        name text primary key,
        owner text not null,
        expires_at timestamptz not null)
      """,
      // claimed_until in the future = claimed (claimed_by set) or backing off after a failed
      // refresh (claimed_by null); null or past = claimable.
      """
      create table if not exists {schema}.refresh_queue (
        key text primary key,
        demand bigint not null check (demand > 0),
        first_requested timestamptz not null,
        generation bigint not null,
        claimed_by text,
        claimed_until timestamptz)
      """,
      """
      create index if not exists refresh_queue_pick_order
        on {schema}.refresh_queue (demand desc, first_requested)
      """,
      // One sequence for every request of every key: a request re-queued after completion never
      // reuses the generation of an older claim.
      """
      create sequence if not exists {schema}.refresh_generations
      """,
      // Two keys of up to 2000 bytes would overflow a B-tree entry (2704 bytes), so the pair is
      // made unique on the dependency and a digest of the dependent. md5(text) is the digest an
      // index may use (immutable; sha256 needs bytea, and text-to-bytea conversions are only
      // stable); a collision could only merge two dependents of one key, which keys never reach.
      """
      create table if not exists {schema}.dependencies (
        dependency text not null,
        dependent text not null)
      """,
      """
      create unique index if not exists dependencies_pair
        on {schema}.dependencies (dependency, md5(dependent))
      """);

  private PostgresSchema() {}

  /**
   * The schema name quoted for SQL. Identifiers cannot be bound as parameters, so the name comes
   * from configuration, is checked against a strict pattern, and is quoted (it may be a keyword).
   */
  static String quoted(String schema) {
    if (schema == null || !NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must match " + NAME.pattern() + ": " + schema);
    }
    return '"' + schema + '"';
  }

  /** Puts the schema into an SQL text of this package ({@code {schema}.entries}). */
  static String sql(String template, String quotedSchema) {
    return template.replace("{schema}", quotedSchema);
  }

  /** Creates whatever is missing; a no-op when everything exists. */
  static void create(Connection connection, String schema) throws SQLException {
    SchemaScript.run(connection, "kck.schema:" + schema, DDL.stream().map(ddl -> sql(ddl, quoted(schema))).toList());
  }
}
