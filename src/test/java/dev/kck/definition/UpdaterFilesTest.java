package dev.kck.definition;

import static dev.kck.definition.ProductFilesTest.fileName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kck.product.Access;
import dev.kck.product.KeyTemplate;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.testing.ConfigFixtures;
import dev.kck.update.UpdaterSpec;
import dev.kck.yaml.ConfigException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpdaterFilesTest {
  private final List<UpdaterSpec> valid = UpdaterFiles.load(ConfigFixtures.file("updaters-valid"));

  @Test
  void reads_every_updater_file_sorted_by_name() {
    assertThat(valid).extracting(UpdaterSpec::name).containsExactly("lend_book", "record_sale", "return_book");
  }

  @Test
  void reads_the_contract_example_verbatim() {
    UpdaterSpec lendBook = valid.get(0);

    assertThat(lendBook.parameters()).containsExactly(
        Parameter.of("book_id", ParamType.INT),
        new Parameter("member_id", ParamType.STRING, "sub", true),
        new Parameter("due", ParamType.DATE, null, false));
    assertThat(lendBook.sql()).startsWith("insert into loans (book_id, member_id, due)");
    assertThat(lendBook.writes()).containsExactly("loans");
    assertThat(lendBook.refreshes()).extracting(KeyTemplate::text).containsExactly("book_availability/:book_id", "member_loans/:member_id");
    assertThat(lendBook.access()).isEqualTo(new Access.Scopes(Set.of("library:write")));
    assertThat(lendBook.file()).isEqualTo(ConfigFixtures.file("updaters-valid/lend_book.yaml"));
  }

  @Test
  void a_parameter_may_serve_only_the_refreshes() {
    UpdaterSpec recordSale = valid.get(1);

    assertThat(recordSale.parameters()).extracting(Parameter::name).containsExactly("sale_id", "store_id", "amount");
    assertThat(recordSale.refreshes()).extracting(KeyTemplate::text).containsExactly("sales/:store_id", "sales_summary");
    assertThat(recordSale.access()).isEqualTo(Access.AUTHENTICATED);
  }

  @Test
  void reads_sql_from_a_file_beside_the_yaml() {
    UpdaterSpec returnBook = valid.get(2);

    assertThat(returnBook.sql()).contains("update loans", "delete from reminders");
    assertThat(returnBook.access()).isEqualTo(Access.PUBLIC);
  }

  @Test
  void a_missing_folder_means_no_updaters() {
    assertThat(UpdaterFiles.load(ConfigFixtures.file("no-such-folder"))).isEmpty();
  }

  @Test
  void reports_every_problem_with_its_line() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> UpdaterFiles.load(ConfigFixtures.file("updaters-problems")));

    assertThat(e.problems()).extracting(p -> fileName(p) + ":" + p.line() + " " + p.path() + ": " + p.message())
        .containsExactly(
            "bad.yaml:2 parameters[0].required: expected true or false, got 'maybe'",
            "bad.yaml:3 parameters[1].type: unknown type 'text' (known: string, int, long, decimal, bool, date, "
                + "timestamp, uuid)",
            "bad.yaml:4 sql: sql uses :member_id, which is not a declared parameter",
            "bad.yaml:5 refreshes: 'book/:book' uses :book, which is not a declared parameter",
            "bad.yaml:5 refreshes: '/:book_id' must start with a product name",
            "bad.yaml:6 writes: expected a list, got 'loans'",
            "no_sql.yaml:1 sql: missing; give sql or sql_file",
            "no_sql.yaml:1 access.scopes: name at least one scope (any one of them suffices)");
  }

  @Test
  void an_updater_name_defined_twice_is_a_problem() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> UpdaterFiles.load(ConfigFixtures.file("updaters-duplicate")));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(fileName(p)).isEqualTo("two.yaml");
      assertThat(p.message()).startsWith("updater 'same' is already defined in ");
    });
  }
}
