package dev.kck.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kck.product.Access;
import dev.kck.product.AugmentRule;
import dev.kck.product.Freshness;
import dev.kck.product.KeyTemplate;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.product.ProductSpec;
import dev.kck.product.ResultMode;
import dev.kck.testing.ConfigFixtures;
import dev.kck.yaml.ConfigException;
import dev.kck.yaml.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProductFilesTest {
  private final Map<String, ProductFile> valid = ProductFiles.load(ConfigFixtures.file("products-valid")).stream()
      .collect(Collectors.toMap(product -> product.spec().name(), Function.identity()));

  @Test
  void reads_every_yaml_and_yml_file_sorted_by_name_and_nothing_else() {
    List<ProductFile> products = ProductFiles.load(ConfigFixtures.file("products-valid"));

    assertThat(products).extracting(product -> product.file().getFileName().toString()).containsExactly(
        "book.yaml", "book_availability.yaml", "books_by_author.yml", "sales.yaml", "title_of.yaml", "titles.yaml");
  }

  @Test
  void reads_the_contract_example_verbatim() {
    ProductFile product = valid.get("book_availability");

    assertThat(product.spec()).isEqualTo(new ProductSpec("book_availability",
        "Copies of a book and how many are on loan",
        List.of(Parameter.of("book_id", ParamType.INT), new Parameter("member_id", ParamType.STRING, "sub", true)),
        new Freshness(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(10), false),
        Access.AUTHENTICATED, List.of("book_availability/1"), null, List.of("books", "loans"),
        List.of(KeyTemplate.parse("book/:book_id")), List.of()));
    assertThat(product.result()).isEqualTo(ResultMode.OBJECT);
    assertThat(product.sql()).startsWith("select b.id, b.title").endsWith("group by b.id, b.title\n");
  }

  @Test
  void reads_each_result_mode() {
    assertThat(valid.get("book").result()).isEqualTo(ResultMode.OBJECT);
    assertThat(valid.get("books_by_author").result()).isEqualTo(ResultMode.LIST);
    assertThat(valid.get("title_of").result()).isEqualTo(ResultMode.VALUE);
    assertThat(valid.get("titles").result()).isEqualTo(ResultMode.VALUES);
  }

  @Test
  void result_defaults_to_object_and_access_to_authenticated() {
    ProductFile sales = valid.get("sales");

    assertThat(sales.result()).isEqualTo(ResultMode.OBJECT);
    assertThat(sales.spec().access()).isEqualTo(Access.AUTHENTICATED);
    assertThat(sales.spec().freshness()).isEqualTo(Freshness.DEFAULT);
  }

  @Test
  void the_name_defaults_to_the_file_name() {
    assertThat(valid).containsKeys("book", "books_by_author", "title_of", "titles", "sales");
  }

  @Test
  void reads_sql_from_a_file_beside_the_yaml() {
    assertThat(valid.get("books_by_author").sql()).startsWith("select id, title, copies\nfrom books");
  }

  @Test
  void reads_each_form_of_access() {
    assertThat(valid.get("book").spec().access()).isEqualTo(Access.PUBLIC);
    assertThat(valid.get("book_availability").spec().access()).isEqualTo(Access.AUTHENTICATED);
    assertThat(valid.get("books_by_author").spec().access())
        .isEqualTo(new Access.Scopes(Set.of("library:read", "library:admin")));
  }

  @Test
  void reads_policy_fields() {
    ProductSpec titles = valid.get("titles").spec();

    assertThat(titles.freshness()).isEqualTo(new Freshness(null, null, Duration.ofHours(2), Duration.ofDays(1), false));
    assertThat(titles.onBootSql()).isEqualTo("select shelf, current_date - 30 as since from shelves");
    assertThat(valid.get("title_of").spec().freshness().alwaysFresh()).isTrue();
    assertThat(valid.get("book").spec().onBoot()).containsExactly("book/1", "book/2");
    assertThat(titles.maxKeys()).isEqualTo(5000);
    assertThat(valid.get("book").spec().maxKeys()).as("absent: cache.max_keys_per_product").isNull();
  }

  @Test
  void reads_augment_rules_with_typed_literals() {
    assertThat(valid.get("sales").spec().augment()).containsExactly(
        new AugmentRule("record_sale", Map.of("total", ":amount", "sales", 1L), null));
    assertThat(valid.get("books_by_author").spec().augment()).containsExactly(
        new AugmentRule("add_book", null, Map.of("id", ":book_id", "title", ":title", "copies", 1L)));
  }

  @Test
  void casts_colons_in_literals_and_comments_are_not_parameters() {
    assertThat(valid.get("book").spec().parameters()).extracting(Parameter::name).containsExactly("book_id");
  }

  @Test
  void checks_sql_against_declared_parameters_in_every_file() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ProductFiles.load(ConfigFixtures.file("products-problems")));

    assertThat(e.problems()).extracting(p -> fileName(p) + ":" + p.line() + " " + p.path() + ": " + p.message())
        .contains(
            "undeclared.yaml:3 sql: sql uses :shelf, which is not a declared parameter",
            "unused.yaml:4 sql: parameter 'page' is declared but the sql never uses :page "
                + "(keys differing only in it would hold the same value)",
            "both_sql.yaml:2 sql_file: give sql or sql_file, not both",
            "no_sql.yaml:1 sql: missing; give sql or sql_file",
            "Bad-Name.yaml:1 name: 'Bad-Name' must match [a-z][a-z0-9_]{0,62} "
                + "(the name comes from the file name; set name: to choose another)");
  }

  @Test
  void reports_every_problem_of_a_file_with_its_line() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ProductFiles.load(ConfigFixtures.file("products-problems")));

    assertThat(e.problems()).filteredOn(p -> fileName(p).equals("bad_fields.yaml"))
        .extracting(p -> p.line() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "2 parameters[0].type: unknown type 'integer' (known: string, int, long, decimal, bool, date, "
                + "timestamp, uuid)",
            "3 parameters[1].name: parameter 'id' is declared twice",
            "4 parameters[2].name: 'Shelf' must match [a-z_][a-z0-9_]{0,62}",
            "5 sql: sql uses :id, which is not a declared parameter",
            "6 result: expected object, list, value or values, got 'table'",
            "7 fresh_for: must be longer than 0",
            "8 ttl: expected a duration like 500ms, 30s, 10m, 2h or 1d, got 'forever'",
            "9 access: expected public, authenticated or { scopes: [...] }, got 'everyone'",
            "10 on_boot: 'bad_fields/x' has 1 parameter values; bad_fields takes 0",
            "11 on_boot_sql: give on_boot or on_boot_sql, not both",
            "12 cache_for: unknown key 'cache_for' (known: name, description, parameters, sql, sql_file, result, "
                + "fresh_for, ttl, stale_if_error, refresh_every, on_boot, on_boot_sql, always_fresh, reads, "
                + "depends_on, access, augment, domain_sql, domain, domain_every, domain_evict, max_keys, webhooks)",
            "14 augment[0].append: append applies to result: list, and this product's result is object",
            "15 augment[1]: give add (object results) or append (list results), exactly one",
            "16 max_keys: must be at least 1, got 0");
  }

  @Test
  void a_product_name_defined_twice_is_a_problem() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ProductFiles.load(ConfigFixtures.file("products-duplicate")));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(fileName(p)).isEqualTo("two.yaml");
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).startsWith("product 'same' is already defined in ").endsWith("one.yaml");
    });
  }

  @Test
  void a_missing_folder_is_a_problem_naming_it() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ProductFiles.load(ConfigFixtures.file("no-such-folder")));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).endsWith("no-such-folder");
      assertThat(p.message()).startsWith("products folder not found");
    });
  }

  static String fileName(ConfigProblem problem) {
    return java.nio.file.Path.of(problem.file()).getFileName().toString();
  }
}
