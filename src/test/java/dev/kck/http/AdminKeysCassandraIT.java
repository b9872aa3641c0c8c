package dev.kck.http;

import dev.kck.testing.DemoDatabase;
import dev.kck.testing.SharedCassandra;
import dev.kck.testing.TestConfigs;
import org.junit.jupiter.api.BeforeAll;

/** The admin key routes over the cassandra cache store, on the shared node. */
class AdminKeysCassandraIT extends AdminKeysContract {
  @BeforeAll
  static void start() {
    startApp(withTestProducts(TestConfigs.withCassandra(TestConfigs.demo(DemoDatabase.newCopy(), "cassandra"),
        SharedCassandra.node().contactPoint(), SharedCassandra.newKeyspace("admin_keys"))));
  }
}
