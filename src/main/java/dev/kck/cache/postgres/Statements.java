package dev.kck.cache.postgres;

/**
 * Every statement of {@link PostgresStore}, with the (checked, quoted) schema filled in once.
 * Values are always bound as parameters.
 */
record Statements(
    String get,
    String putIfNewer,
    String replace,
    String delete,
    String deleteIfVersion,
    String keysOf,
    String nextVersion,
    String tryLease,
    String releaseLease,
    String purgeEntries,
    String purgeLeases,
    String addDependency,
    String dependentsOf,
    String ping) {

  static final int PURGE_BATCH = 1000;

  private static final String GET = """
      select value, version, modified, expires_at
      from {schema}.entries
      where key = ? and (expires_at is null or expires_at > now())
      """;

  // One statement, so the compare-and-set is atomic. An expired row counts as absent, so the
  // outcome never depends on whether a purge has deleted it yet.
  private static final String PUT_IF_NEWER = """
      insert into {schema}.entries as e (key, value, version, modified, expires_at)
      values (?, ?, ?, ?, ?)
      on conflict (key) do update
        set value = excluded.value, version = excluded.version,
            modified = excluded.modified, expires_at = excluded.expires_at
        where e.version < excluded.version or e.expires_at <= now()
      """;

  // An expired row counts as absent: it is never replaced, whatever its version. The new version
  // is taken in the same statement, and only when the row matches.
  private static final String REPLACE = """
      update {schema}.entries
      set value = ?, version = nextval('{schema}.versions'), modified = ?, expires_at = ?
      where key = ? and version = ? and (expires_at is null or expires_at > now())
      returning version
      """;

  private static final String DELETE = """
      delete from {schema}.entries where key = ?
      """;

  // An expired row counts as absent here too, whatever its version.
  private static final String DELETE_IF_VERSION = """
      delete from {schema}.entries
      where key = ? and version = ? and (expires_at is null or expires_at > now())
      """;

  private static final String KEYS_OF = """
      select key
      from {schema}.entries
      where product = ? and (expires_at is null or expires_at > now())
      limit ?
      """;

  private static final String NEXT_VERSION = """
      select nextval('{schema}.versions')
      """;

  // clock_timestamp(), not the caller's clock: instances with skewed clocks still agree.
  private static final String TRY_LEASE = """
      insert into {schema}.leases as l (name, owner, expires_at)
      values (?, ?, clock_timestamp() + ? * interval '1 microsecond')
      on conflict (name) do update
        set owner = excluded.owner, expires_at = excluded.expires_at
        where l.owner = excluded.owner or l.expires_at <= clock_timestamp()
      """;

  private static final String RELEASE_LEASE = """
      delete from {schema}.leases where name = ? and owner = ?
      """;

  private static final String PURGE_ENTRIES = """
      delete from {schema}.entries
      where key in (
        select key from {schema}.entries
        where expires_at <= now()
        limit %d
        for update skip locked)
      """.formatted(PURGE_BATCH);

  private static final String PURGE_LEASES = """
      delete from {schema}.leases
      where name in (
        select name from {schema}.leases
        where expires_at <= clock_timestamp()
        limit %d
        for update skip locked)
      """.formatted(PURGE_BATCH);

  // The conflict target names the unique index's expressions (see PostgresSchema).
  private static final String ADD_DEPENDENCY = """
      insert into {schema}.dependencies (dependency, dependent)
      values (?, ?)
      on conflict (dependency, md5(dependent)) do nothing
      """;

  private static final String DEPENDENTS_OF = """
      select dependent from {schema}.dependencies where dependency = ?
      """;

  private static final String PING = """
      select 1
      """;

  static Statements forSchema(String quotedSchema) {
    return new Statements(
        PostgresSchema.sql(GET, quotedSchema),
        PostgresSchema.sql(PUT_IF_NEWER, quotedSchema),
        PostgresSchema.sql(REPLACE, quotedSchema),
        PostgresSchema.sql(DELETE, quotedSchema),
        PostgresSchema.sql(DELETE_IF_VERSION, quotedSchema),
        PostgresSchema.sql(KEYS_OF, quotedSchema),
        PostgresSchema.sql(NEXT_VERSION, quotedSchema),
        PostgresSchema.sql(TRY_LEASE, quotedSchema),
        PostgresSchema.sql(RELEASE_LEASE, quotedSchema),
        PostgresSchema.sql(PURGE_ENTRIES, quotedSchema),
        PostgresSchema.sql(PURGE_LEASES, quotedSchema),
        PostgresSchema.sql(ADD_DEPENDENCY, quotedSchema),
        PostgresSchema.sql(DEPENDENTS_OF, quotedSchema),
        PostgresSchema.sql(PING, quotedSchema));
  }
}
