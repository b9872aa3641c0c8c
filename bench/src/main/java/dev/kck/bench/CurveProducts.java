package dev.kck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The curves' own products, cheap and countless: {@code bench_hot/{id}}, {@code bench_fan/{id}} and
 * {@code bench_live/{id}} for any int id, each a one-row read of a one-row table of its own, so that
 * one bump of that table ({@code POST /update/bench_fan_bump}, {@code bench_live_bump}) refreshes
 * every cached key of its product and nothing else, and a key costs one tiny query to prime. The
 * instance they run on has its live limits raised (see {@link #LIVE_LIMITS}).
 */
final class CurveProducts {
  /**
   * The reference defaults are 20,000 streams and 20,000 long polls per instance but 16 streams and 256
   * polls per token subject; every live client of the run carries one token, so those go up.
   */
  static final String LIVE_LIMITS = """
      live:
        max_streams: 20000
        max_streams_per_subject: 20000
        max_waiters: 20000
        max_waiters_per_subject: 20000
      """;
  private static final List<String> TABLES = List.of("bench_hot_seed", "bench_fan_tick", "bench_live_tick");

  private CurveProducts() {}

  /** Creates the tables (again) and writes the product and updater files under bench/work/curves. */
  static KckInstance.Definitions install(Settings settings, String jdbcUrl) throws IOException, SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        statement.execute("drop table if exists " + table);
        statement.execute("create table " + table + " (n bigint not null)");
        statement.execute("insert into " + table + " values (1)");
      }
    }
    Path folder = settings.work().resolve("curves");
    Path products = Files.createDirectories(folder.resolve("products"));
    Path updaters = Files.createDirectories(folder.resolve("updaters"));
    product(products, "bench_hot", "bench_hot_seed");
    product(products, "bench_fan", "bench_fan_tick");
    product(products, "bench_live", "bench_live_tick");
    bump(updaters, "bench_fan_bump", "bench_fan_tick");
    bump(updaters, "bench_live_bump", "bench_live_tick");
    return new KckInstance.Definitions(products, updaters, LIVE_LIMITS);
  }

  /** A value of about 80 bytes of JSON: the id, the table's counter and a 32-character tag. */
  private static void product(Path folder, String name, String table) throws IOException {
    Files.writeString(folder.resolve(name + ".yaml"), """
        name: %s
        description: Benchmark product (bench/work/curves), one cheap key per id.
        parameters:
          - { name: id, type: int }
        sql: select :id as id, t.n, md5(:id::text) as tag from %s t
        result: object
        reads: [%s]
        access: authenticated
        """.formatted(name, table, table));
  }

  private static void bump(Path folder, String name, String table) throws IOException {
    Files.writeString(folder.resolve(name + ".yaml"), """
        name: %s
        parameters: []
        sql: update %s set n = n + 1
        writes: [%s]
        refreshes: []
        access: authenticated
        """.formatted(name, table, table));
  }
}
