package dev.kck.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedCassandraTest {

  @Test
  void names_keyspaces_after_the_prefix_in_lower_case() {
    assertThat(SharedCassandra.keyspaceName("CassandraStoreIT", 3)).isEqualTo("cassandrastoreit_3");
  }

  @Test
  void replaces_characters_cql_does_not_allow() {
    assertThat(SharedCassandra.keyspaceName("cache-store.it", 1)).isEqualTo("cache_store_it_1");
  }

  @Test
  void starts_keyspace_names_with_a_letter() {
    assertThat(SharedCassandra.keyspaceName("9lives", 1)).isEqualTo("ks_9lives_1");
  }

  @Test
  void keeps_keyspace_names_within_cassandras_limit() {
    String name = SharedCassandra.keyspaceName("a".repeat(100), 12345);

    assertThat(name).hasSize(48).endsWith("_12345");
  }
}
