package dev.kck.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The responses to {@code Idempotency-Key}s (the IETF httpapi draft), per caller and updater, kept
 * for a day. A key is reserved before its update runs; its response is stored in the update's own
 * transaction, so a committed update and its stored response exist together or not at all. A
 * reservation whose instance died lapses after a while, and a key whose update failed is given up,
 * so a retry runs it again.
 */
public final class IdempotencyKeys {
  /** How long a response is kept. */
  public static final Duration KEPT = Duration.ofHours(24);

  // Takes a new key, or an expired one (a day-old response, or a reservation whose instance died).
  private static final String RESERVE = """
      insert into kck.idempotency_keys as k (subject, updater, key, request_hash, state, expires_at)
      values (?, ?, ?, ?, 'running', clock_timestamp() + ? * interval '1 millisecond')
      on conflict (subject, updater, key) do update
        set request_hash = excluded.request_hash, state = 'running', body = null, etag = null,
            expires_at = excluded.expires_at
        where k.expires_at <= clock_timestamp()
      """;

  private static final String READ = """
      select request_hash, state, body, etag from kck.idempotency_keys
      where subject = ? and updater = ? and key = ?
      """;

  private static final String COMPLETE = """
      update kck.idempotency_keys
      set state = 'done', body = ?, expires_at = clock_timestamp() + ? * interval '1 millisecond'
      where subject = ? and updater = ? and key = ? and state = 'running'
      """;

  private static final String FINISH = """
      update kck.idempotency_keys set body = ?, etag = ? where subject = ? and updater = ? and key = ?
      """;

  private static final String GIVE_UP = """
      delete from kck.idempotency_keys where subject = ? and updater = ? and key = ? and state = 'running'
      """;

  private static final String PURGE = """
      delete from kck.idempotency_keys
      where (subject, updater, key) in (
        select subject, updater, key from kck.idempotency_keys
        where expires_at <= clock_timestamp()
        limit 1000
        for update skip locked)
      """;

  private final JournalSchema schema;
  private final DataSource source;
  private final Duration reservation;

  /** What a key is, asked for by one request. */
  public sealed interface Lookup {}

  /** The key is this request's now: run the update. */
  public record Reserved(String subject, String updater, String key) implements Lookup {}

  /** The first request with this key finished: send its response again. */
  public record Replay(byte[] body, String etag) implements Lookup {}

  /** The first request with this key is still running (409). */
  public record InProgress() implements Lookup {}

  /** The key was used with another body (422). */
  public record Mismatch() implements Lookup {}

  /**
   * @param reservation how long a reservation holds before it lapses (longer than an update may
   *     take, so it lapses only when its instance died)
   */
  public IdempotencyKeys(JournalSchema schema, DataSource source, Duration reservation) {
    this.schema = schema;
    this.source = source;
    this.reservation = reservation;
  }

  /** Reserves the key for a request whose body hashes to {@code requestHash}, or says why not. */
  public Lookup reserve(String subject, String updater, String key, String requestHash) {
    return Journal.run(schema, source, "reserve an idempotency key", connection -> {
      if (insert(connection, subject, updater, key, requestHash) == 1) {
        return new Reserved(subject, updater, key);
      }
      return existing(connection, subject, updater, key, requestHash);
    });
  }

  /** Stores the response in the update's transaction. */
  public void complete(Connection transaction, Reserved reserved, byte[] body) throws SQLException {
    try (PreparedStatement statement = transaction.prepareStatement(COMPLETE)) {
      statement.setBytes(1, body);
      statement.setLong(2, KEPT.toMillis());
      bindKey(statement, 3, reserved);
      statement.executeUpdate();
    }
  }

  /** Replaces the stored response with the one sent, known only after the commit (its ETag too). */
  public void finish(Reserved reserved, byte[] body, String etag) {
    Journal.run(schema, source, "store a response", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(FINISH)) {
        statement.setBytes(1, body);
        statement.setString(2, etag);
        bindKey(statement, 3, reserved);
        return statement.executeUpdate();
      }
    });
  }

  /** The update did not commit: the key is free again, for a retry to run it. */
  public void giveUp(Reserved reserved) {
    Journal.run(schema, source, "release an idempotency key", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(GIVE_UP)) {
        bindKey(statement, 1, reserved);
        return statement.executeUpdate();
      }
    });
  }

  /** Deletes a batch of expired keys; returns how many. */
  public int purgeExpired() {
    return Journal.run(schema, source, "purge idempotency keys", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(PURGE)) {
        return statement.executeUpdate();
      }
    });
  }

  private int insert(Connection connection, String subject, String updater, String key, String requestHash)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(RESERVE)) {
      statement.setString(1, subject);
      statement.setString(2, updater);
      statement.setString(3, key);
      statement.setString(4, requestHash);
      statement.setLong(5, reservation.toMillis());
      return statement.executeUpdate();
    }
  }

  private static Lookup existing(Connection connection, String subject, String updater, String key,
      String requestHash) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(READ)) {
      statement.setString(1, subject);
      statement.setString(2, updater);
      statement.setString(3, key);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return new InProgress(); // given up between the two statements: a retry will find it free
        }
        if (!requestHash.equals(row.getString("request_hash"))) {
          return new Mismatch();
        }
        return "done".equals(row.getString("state"))
            ? new Replay(row.getBytes("body"), row.getString("etag"))
            : new InProgress();
      }
    }
  }

  private static void bindKey(PreparedStatement statement, int first, Reserved reserved) throws SQLException {
    statement.setString(first, reserved.subject());
    statement.setString(first + 1, reserved.updater());
    statement.setString(first + 2, reserved.key());
  }
}
