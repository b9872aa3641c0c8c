package dev.kck.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.config.KckConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** source.url: embedded starts a real PostgreSQL whose data outlives the process; init_sql runs once. */
class EmbeddedSourceIT {

  @Test
  void keeps_data_across_restarts_and_runs_init_sql_only_on_a_new_data_directory(@TempDir Path dir) throws Exception {
    Path init = dir.resolve("init.sql");
    Files.writeString(init, "create table visits (n int); insert into visits values (1);");
    KckConfig.Source config = new KckConfig.Source("embedded", "", "", 2, Duration.ofSeconds(30), List.of(init),
        dir.resolve("pgdata"));

    try (Source first = Source.open(config)) {
      execute(first, "insert into visits values (2)");
      assertThat(count(first)).isEqualTo(2);
    }
    try (Source second = Source.open(config)) {
      assertThat(count(second)).as("init_sql did not run again, and the data survived").isEqualTo(2);
      second.ping();
    }
  }

  @Test
  void a_failing_init_sql_leaves_no_half_made_data_directory(@TempDir Path dir) throws Exception {
    Path init = dir.resolve("broken.sql");
    Files.writeString(init, "create table ok (n int); this is not sql;");
    KckConfig.Source config = new KckConfig.Source("embedded", "", "", 2, Duration.ofSeconds(30), List.of(init),
        dir.resolve("pgdata"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Source.open(config))
        .hasMessageContaining("init_sql failed");
    assertThat(dir.resolve("pgdata")).doesNotExist();
  }

  private static void execute(Source source, String sql) throws Exception {
    try (Connection connection = source.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long count(Source source) throws Exception {
    try (Connection connection = source.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from visits")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
