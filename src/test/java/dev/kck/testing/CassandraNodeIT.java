package dev.kck.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CassandraNodeIT {

  private static CassandraNode node;
  private static String keyspace;

  @BeforeAll
  static void createTable() {
    node = SharedCassandra.node();
    keyspace = SharedCassandra.newKeyspace("cassandra_node_it");
    try (CqlSession session = node.sessionBuilder().withKeyspace(keyspace).build()) {
      session.execute("CREATE TABLE items (key text PRIMARY KEY, value text)");
    }
  }

  @Test
  void writes_and_reads_a_row() {
    try (CqlSession session = session()) {
      session.execute("INSERT INTO items (key, value) VALUES (?, ?)", "plain", "one");

      assertThat(valueOf(session, "plain")).isEqualTo("one");
    }
  }

  @Test
  void runs_lightweight_transactions() {
    try (CqlSession session = session()) {
      String insert = "INSERT INTO items (key, value) VALUES (?, ?) IF NOT EXISTS";

      assertThat(session.execute(insert, "lwt", "first").wasApplied()).isTrue();
      assertThat(session.execute(insert, "lwt", "second").wasApplied()).isFalse();
      assertThat(valueOf(session, "lwt")).isEqualTo("first");
    }
  }

  @Test
  void keeps_its_data_when_killed_and_restarted() {
    try (CqlSession session = session()) {
      session.execute("INSERT INTO items (key, value) VALUES (?, ?)", "durable", "kept");
    }

    node.kill();
    assertThat(node.isRunning()).isFalse();
    node.restart();

    assertThat(node.isRunning()).isTrue();
    try (CqlSession session = session()) {
      assertThat(valueOf(session, "durable")).isEqualTo("kept");
    }
  }

  private static CqlSession session() {
    return node.sessionBuilder().withKeyspace(keyspace).build();
  }

  private static String valueOf(CqlSession session, String key) {
    Row row = session.execute("SELECT value FROM items WHERE key = ?", key).one();
    assertThat(row).as("row %s", key).isNotNull();
    return row.getString("value");
  }
}
