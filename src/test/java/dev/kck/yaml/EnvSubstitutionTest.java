package dev.kck.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
  private final EnvSubstitution env = new EnvSubstitution(Map.of("HOST", "db", "EMPTY", "", "PORT", "5433"));
  private final List<String> problems = new ArrayList<>();

  @Test
  void replaces_set_variables_anywhere_in_a_value() {
    assertThat(env.apply("jdbc:postgresql://${HOST}:${PORT}/kck", problems::add))
        .isEqualTo("jdbc:postgresql://db:5433/kck");
    assertThat(problems).isEmpty();
  }

  @Test
  void uses_the_default_when_the_variable_is_unset_or_empty() {
    assertThat(env.apply("${MISSING:-fallback}/${EMPTY:-also}/${HOST:-unused}", problems::add))
        .isEqualTo("fallback/also/db");
    assertThat(problems).isEmpty();
  }

  @Test
  void an_empty_default_is_allowed() {
    assertThat(env.apply("[${MISSING:-}]", problems::add)).isEqualTo("[]");
  }

  @Test
  void a_set_but_empty_variable_without_default_is_empty() {
    assertThat(env.apply("[${EMPTY}]", problems::add)).isEqualTo("[]");
    assertThat(problems).isEmpty();
  }

  @Test
  void reports_each_unset_variable_without_default() {
    env.apply("${ONE} and ${TWO}", problems::add);

    assertThat(problems).containsExactly(
        "environment variable ONE is not set and ${ONE} has no default",
        "environment variable TWO is not set and ${TWO} has no default");
  }

  @Test
  void reports_a_malformed_reference_without_echoing_the_value() {
    env.apply("hunter2${HOST", problems::add);

    assertThat(problems).containsExactly("malformed ${...} reference: write ${NAME} or ${NAME:-default}");
  }

  @Test
  void leaves_dollar_signs_that_are_not_references_alone() {
    assertThat(env.apply("price $5, $HOST", problems::add)).isEqualTo("price $5, $HOST");
    assertThat(problems).isEmpty();
  }

  @Test
  void none_leaves_every_reference_as_written() {
    assertThat(EnvSubstitution.NONE.apply("${HOST}", problems::add)).isEqualTo("${HOST}");
    assertThat(problems).isEmpty();
  }
}
