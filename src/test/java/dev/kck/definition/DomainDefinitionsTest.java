package dev.kck.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kck.product.Domain;
import dev.kck.testing.ConfigFixtures;
import dev.kck.yaml.ConfigException;
import dev.kck.yaml.ConfigProblem;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A product's domain as its file declares it, and every way of declaring one wrongly, as {@code kck check} reports it. */
class DomainDefinitionsTest {
  private static final Path NO_PLUGINS = Path.of("target/no-plugins");
  private static final Path NO_UPDATERS = Path.of("target/no-updaters");

  @Test
  void reads_both_forms_of_a_domain() {
    Definitions definitions = Definitions.load(ConfigFixtures.file("products-domains-valid"), NO_UPDATERS, NO_PLUGINS);

    assertThat(definitions.products().get("shop_sales").spec().domain())
        .isEqualTo(new Domain(null, "shop_ids", Duration.ofSeconds(30), true));
    Domain query = definitions.products().get("shop_days").spec().domain();
    assertThat(query.sql()).startsWith("select s.id as shop_id");
    assertThat(query.every()).isEqualTo(Duration.ofMinutes(1));
    assertThat(query.evict()).as("domain_evict defaults to false").isFalse();
    assertThat(definitions.products().get("shop_ids").spec().domain()).isNull();
  }

  @Test
  void reports_every_problem_of_a_domain_in_its_file() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ProductFiles.load(ConfigFixtures.file("products-domain-problems")));

    assertThat(e.problems()).extracting(DomainDefinitionsTest::describe).containsExactlyInAnyOrder(
        "both_forms.yaml:4 domain: give domain_sql or domain, not both",
        "no_every.yaml:1 domain_every: missing; a domain is read again this often (at least 1s)",
        "too_often.yaml:4 domain_every: must be at least 1s",
        "every_alone.yaml:3 domain_every: domain_every applies to a domain; give domain_sql or domain too",
        "every_alone.yaml:4 domain_evict: domain_evict applies to a domain; give domain_sql or domain too",
        "wrong_columns.yaml:5 domain_sql: domain_sql takes no parameters, but uses :region",
        "wrong_columns.yaml:5 domain_sql: domain_sql must return a column named shop_id "
            + "(one per parameter, for example: select id as shop_id from ...)",
        "no_parameters.yaml:2 domain_sql: a product without parameters has one key; prime it with on_boot instead",
        "from_itself.yaml:3 domain: 'from_itself/1' is a key of this product; a domain lists the keys of another one");
  }

  @Test
  void a_domain_key_must_be_a_key_of_a_product_whose_value_is_a_list() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Definitions.load(ConfigFixtures.file("products-domain-sources"), NO_UPDATERS, NO_PLUGINS));

    assertThat(e.problems()).extracting(p -> p.path() + ": " + p.message()).containsExactlyInAnyOrder(
        "from_unknown.domain: 'nope' is not a key of a product: unknown product 'nope'",
        "from_an_object.domain: 'shop_row/1' is a key of shop_row, whose value is one object; "
            + "a domain needs a list (result: list, or values for a product with one parameter)",
        "from_a_bad_key.domain: 'shop_row/one' is not a key of a product: parameter 'shop_id': "
            + "expected an int, got 'one'");
  }

  private static String describe(ConfigProblem problem) {
    return ProductFilesTest.fileName(problem) + ":" + problem.line() + " " + problem.path() + ": " + problem.message();
  }
}
