package dev.kck.store.postgres;

import dev.kck.store.KeyCatalog;
import dev.kck.store.KeyIndex;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The key index and key catalog of the postgres store: a product's keys come from the {@code
 * entries} table itself (its generated {@code product} column is indexed, and with the key in byte
 * order for paging), each key's last use from its {@code last_used} column (set by every write,
 * moved on by {@link #recordUse}), and recorded dependencies from {@code dependencies}.
 */
final class PostgresKeyIndex implements KeyIndex, KeyCatalog {
  private static final String KEYS_OF = """
      select key
      from {schema}.entries
      where product = ? and (expires_at is null or expires_at > now())
      limit ?
      """;

  // In byte order a product's keys are one range: its name, then its name and '/...', all below
  // its name and '0' ('/' is 0x2f, '0' 0x30, and product names hold no byte below '0'). So a page
  // is a range scan of entries_key_bytes from the cursor ('' when absent).
  private static final String KEYS_AFTER = """
      select key
      from {schema}.entries
      where key collate "C" >= ? and key collate "C" < ? and key collate "C" > ?
        and product = ? and (expires_at is null or expires_at > now())
      order by key collate "C"
      limit ?
      """;

  // The excess over the bound is counted in the same statement, so the page never goes past it.
  private static final String LEAST_RECENTLY_USED = """
      select key
      from {schema}.entries
      where product = ? and (expires_at is null or expires_at > now())
      order by last_used, key collate "C"
      limit greatest(0, least(?, (
        select count(*) - ?
        from {schema}.entries
        where product = ? and (expires_at is null or expires_at > now()))))
      """;

  // Rows are locked in key order and locked ones skipped, so two instances recording overlapping
  // uses never deadlock; a row skipped is being written, and a write sets last_used itself.
  private static final String RECORD_USE = """
      with used as (
        select key from {schema}.entries
        where key = any(?) and last_used < ?
        order by key
        for update skip locked)
      update {schema}.entries e
      set last_used = ?
      from used
      where e.key = used.key
      """;

  private static final String COUNT = """
      select count(*)
      from {schema}.entries
      where product = ? and (expires_at is null or expires_at > now())
      """;

  // The conflict target names the unique index's expressions (see PostgresSchema).
  private static final String ADD_DEPENDENCY = """
      insert into {schema}.dependencies (dependency, dependent)
      values (?, ?)
      on conflict (dependency, md5(dependent)) do nothing
      """;

  private static final String DEPENDENTS_OF = """
      select dependent from {schema}.dependencies where dependency = ?
      """;

  private final Jdbc jdbc;
  private final String keysOf;
  private final String addDependency;
  private final String dependentsOf;
  private final String keysAfter;
  private final String count;
  private final String leastRecentlyUsed;
  private final String recordUse;

  PostgresKeyIndex(Jdbc jdbc, String quotedSchema) {
    this.jdbc = jdbc;
    this.keysOf = PostgresSchema.sql(KEYS_OF, quotedSchema);
    this.addDependency = PostgresSchema.sql(ADD_DEPENDENCY, quotedSchema);
    this.dependentsOf = PostgresSchema.sql(DEPENDENTS_OF, quotedSchema);
    this.keysAfter = PostgresSchema.sql(KEYS_AFTER, quotedSchema);
    this.count = PostgresSchema.sql(COUNT, quotedSchema);
    this.leastRecentlyUsed = PostgresSchema.sql(LEAST_RECENTLY_USED, quotedSchema);
    this.recordUse = PostgresSchema.sql(RECORD_USE, quotedSchema);
  }

  @Override
  public List<String> keysOf(String product, int limit) {
    return jdbc.run("list keys", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(keysOf)) {
        statement.setString(1, product);
        statement.setInt(2, limit);
        return strings(statement, new ArrayList<>());
      }
    });
  }

  @Override
  public List<String> keysAfter(String product, String after, int limit) {
    return jdbc.run("page keys", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(keysAfter)) {
        statement.setString(1, product);
        statement.setString(2, product + "0");
        statement.setString(3, after == null ? "" : after);
        statement.setString(4, product);
        statement.setInt(5, limit);
        return strings(statement, new ArrayList<>());
      }
    });
  }

  @Override
  public long count(String product) {
    return jdbc.run("count keys", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(count)) {
        statement.setString(1, product);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    });
  }

  @Override
  public void recordUse(Collection<String> keys, Instant usedAt) {
    jdbc.run("record uses", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(recordUse)) {
        statement.setArray(1, connection.createArrayOf("text", keys.toArray()));
        statement.setObject(2, usedAt.atOffset(ZoneOffset.UTC));
        statement.setObject(3, usedAt.atOffset(ZoneOffset.UTC));
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public List<String> leastRecentlyUsed(String product, int bound, int limit) {
    return jdbc.run("list least recently used keys", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(leastRecentlyUsed)) {
        statement.setString(1, product);
        statement.setInt(2, limit);
        statement.setInt(3, bound);
        statement.setString(4, product);
        return strings(statement, new ArrayList<>());
      }
    });
  }

  @Override
  public void addDependency(String dependency, String dependent) {
    jdbc.update("record a dependency", addDependency, dependency, dependent);
  }

  @Override
  public Set<String> dependentsOf(String dependency) {
    return jdbc.run("list dependents", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(dependentsOf)) {
        statement.setString(1, dependency);
        return strings(statement, new HashSet<>());
      }
    });
  }

  /** Adds the first column of every row to {@code into}. */
  private static <C extends Collection<String>> C strings(PreparedStatement statement, C into)
      throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        into.add(rows.getString(1));
      }
    }
    return into;
  }
}
