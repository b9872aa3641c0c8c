package dev.kck.journal;

import dev.kck.kernel.EntityTags;
import dev.kck.kernel.KckException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One conditional update per version of a key: the version an {@code If-Match} update was based on
 * is recorded in its transaction. A second transaction based on the same version waits on the
 * first's row lock and, once that one commits, finds the version taken: it fails with 409 and rolls
 * back, so of concurrent updates naming one version exactly one commits.
 */
public final class IfMatchLedger {
  // Applies only when no update has been based on this version (or a later one) yet.
  private static final String CLAIM = """
      insert into kck.if_match_versions as v (key, version) values (?, ?)
      on conflict (key) do update set version = excluded.version
        where v.version < excluded.version
      """;

  /** Claims {@code version} of {@code key} for this transaction, or throws 409. */
  public void claim(Connection transaction, String key, long version) throws SQLException {
    try (PreparedStatement statement = transaction.prepareStatement(CLAIM)) {
      statement.setString(1, key);
      statement.setLong(2, version);
      if (statement.executeUpdate() == 0) {
        throw new KckException.Conflict("another update based on version " + EntityTags.of(version) + " of " + key
            + " committed first");
      }
    }
  }
}
