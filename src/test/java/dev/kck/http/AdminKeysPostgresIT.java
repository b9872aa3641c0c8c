package dev.kck.http;

import dev.kck.testing.DemoDatabase;
import dev.kck.testing.TestConfigs;
import org.junit.jupiter.api.BeforeAll;

/** The admin key routes over the postgres cache store. */
class AdminKeysPostgresIT extends AdminKeysContract {
  @BeforeAll
  static void start() {
    startApp(withTestProducts(TestConfigs.demo(DemoDatabase.newCopy(), "postgres")));
  }
}
