package dev.kck.journal;

import dev.kck.kernel.KckException;
import dev.kck.source.SchemaScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * KCK's tables in the source database's {@code kck} schema, beside the data an update writes:
 * created when absent, safe when several instances start at once. An instance may start while the
 * source is down, so they are made on first use, and again until that succeeds.
 */
public final class JournalSchema {
  static final String SCHEMA = "kck";

  private static final List<String> DDL = List.of(
      """
      create schema if not exists kck
      """,
      // One row per committed update whose refreshes are not all done yet. claimed_until: until when
      // the relay working on it (first the instance that committed it) has it; past it, any
      // instance's sweeper may take it over.
      """
      create table if not exists kck.outbox (
        id bigserial primary key,
        updater text not null,
        intent jsonb not null,
        created_at timestamptz not null default now(),
        attempts int not null,
        claimed_until timestamptz not null)
      """,
      """
      create index if not exists outbox_due on kck.outbox (claimed_until)
      """,
      // The first response to an Idempotency-Key, per caller and updater. A 'running' row ends at
      // expires_at too (its instance died before finishing), a 'done' one a day after its update.
      """
      create table if not exists kck.idempotency_keys (
        subject text not null,
        updater text not null,
        key text not null,
        request_hash text not null,
        state text not null check (state in ('running', 'done')),
        body bytea,
        etag text,
        expires_at timestamptz not null,
        primary key (subject, updater, key))
      """,
      """
      create index if not exists idempotency_keys_expiry on kck.idempotency_keys (expires_at)
      """,
      // The last version of a key that a conditional (If-Match) update was based on: one update per
      // version, whatever the cache store is doing.
      """
      create table if not exists kck.if_match_versions (
        key text primary key,
        version bigint not null)
      """,
      // One row per webhook delivery not yet acknowledged, oldest first; a key's versions go out one
      // at a time, in version order. due_at: when it may next be tried (a claim, or a backoff).
      """
      create table if not exists kck.webhook_deliveries (
        id bigserial primary key,
        product text not null,
        url text not null,
        key text not null,
        version bigint not null,
        message_id text not null,
        body bytea not null,
        created_at timestamptz not null default clock_timestamp(),
        attempts int not null default 0,
        due_at timestamptz not null default clock_timestamp(),
        last_error text)
      """,
      """
      create index if not exists webhook_deliveries_order on kck.webhook_deliveries (url, key, version, id)
      """);

  private final DataSource source;
  private volatile boolean created;

  public JournalSchema(DataSource source) {
    this.source = source;
  }

  /** Makes sure the tables exist: the first call creates whatever is missing, later ones cost nothing. */
  void ensure() {
    if (created) {
      return;
    }
    synchronized (this) {
      if (!created) {
        create();
        created = true;
      }
    }
  }

  private void create() {
    try (Connection connection = source.getConnection()) {
      SchemaScript.run(connection, "kck.journal", DDL);
    } catch (SQLException e) {
      throw new KckException.Unavailable("could not prepare KCK's tables in the source database", Duration.ofSeconds(5),
          e);
    }
  }
}
