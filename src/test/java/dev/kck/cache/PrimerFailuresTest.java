package dev.kck.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kck.kernel.KckException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a client is told when a primer throws: by SQLState, found anywhere in the cause chain. */
class PrimerFailuresTest {
  private static final String KEY = "sales/1";

  @Test
  void a_kck_exception_is_reported_as_thrown() {
    KckException notFound = new KckException.NotFound("no sales for store 1");
    KckException badRequest = new KckException.BadRequest("no such store", "store_id");

    assertThat(PrimerFailures.classify(KEY, notFound)).isSameAs(notFound);
    assertThat(PrimerFailures.classify(KEY, badRequest)).isSameAs(badRequest);
  }

  @Test
  void a_cancelled_statement_is_a_timeout() {
    SQLException cancelled = new SQLException("canceling statement due to statement timeout", "57014");

    KckException reported = PrimerFailures.classify(KEY, cancelled);

    assertThat(reported).isInstanceOf(KckException.Timeout.class).hasCause(cancelled);
    assertThat(reported.status()).isEqualTo(504);
  }

  @Test
  void a_cancelled_statement_deep_in_the_cause_chain_is_a_timeout() {
    SQLException cancelled = new SQLException("canceling statement", "57014");
    Exception wrapped = new IllegalStateException("primer failed", new RuntimeException(cancelled));

    assertThat(PrimerFailures.classify(KEY, wrapped)).isInstanceOf(KckException.Timeout.class);
  }

  @Test
  void a_connection_failure_makes_the_source_unavailable() {
    for (String state : new String[] {"08000", "08001", "08003", "08006", "57P01", "57P03"}) {
      KckException reported = PrimerFailures.classify(KEY, new SQLException("connection refused", state));

      assertThat(reported).as("SQLState " + state).isInstanceOf(KckException.Unavailable.class);
      assertThat(((KckException.Unavailable) reported).retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void a_transient_connection_exception_without_sqlstate_makes_the_source_unavailable() {
    Exception poolTimeout = new RuntimeException(
        new SQLTransientConnectionException("pool exhausted: connection is not available"));

    assertThat(PrimerFailures.classify(KEY, poolTimeout)).isInstanceOf(KckException.Unavailable.class);
  }

  @Test
  void any_other_sql_failure_is_internal_and_does_not_tell_the_client_its_text() {
    SQLException violation = new SQLException("duplicate key value violates \"secret_index\"", "23505");

    KckException reported = PrimerFailures.classify(KEY, violation);

    assertThat(reported).isInstanceOf(KckException.Internal.class).hasCause(violation);
    assertThat(reported.getMessage()).contains(KEY).doesNotContain("secret_index");
  }

  @Test
  void a_failure_that_is_not_sql_is_internal() {
    assertThat(PrimerFailures.classify(KEY, new IllegalStateException("bug"))).isInstanceOf(KckException.Internal.class);
    assertThat(PrimerFailures.classify(KEY, new SQLException("no state"))).isInstanceOf(KckException.Internal.class);
  }
}
