package dev.kck.product;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Named parameters become JDBC placeholders, and nothing else does: casts, literals, quoted
 * identifiers, comments and dollar quotes pass through as written, and a literal {@code ?} is
 * doubled so pgjdbc does not take it for a placeholder.
 */
class SqlTemplateTest {

  @Test
  void named_parameters_become_placeholders_in_order() {
    SqlTemplate template = SqlTemplate.parse("select * from sales where store_id = :store_id and day = :day");

    assertThat(template.jdbcSql()).isEqualTo("select * from sales where store_id = ? and day = ?");
    assertThat(template.placeholders()).containsExactly("store_id", "day");
  }

  @Test
  void a_repeated_name_is_one_placeholder_per_use() {
    SqlTemplate template = SqlTemplate.parse("select :a, :b where x = :a or y = :a");

    assertThat(template.jdbcSql()).isEqualTo("select ?, ? where x = ? or y = ?");
    assertThat(template.placeholders()).containsExactly("a", "b", "a", "a");
  }

  @Test
  void names_are_distinct_in_order_of_first_use() {
    SqlTemplate template = SqlTemplate.parse("select :b, :a, :b, :c, :a");

    assertThat(template.names()).containsExactly("b", "a", "c");
  }

  @Test
  void a_name_runs_over_letters_digits_and_underscores() {
    SqlTemplate template = SqlTemplate.parse("where a = :store_id2+1 and b = :_x,:Y");

    assertThat(template.jdbcSql()).isEqualTo("where a = ?+1 and b = ?,?");
    assertThat(template.placeholders()).containsExactly("store_id2", "_x", "Y");
  }

  @Test
  void a_cast_is_not_a_parameter() {
    SqlTemplate template = SqlTemplate.parse("select :day::date, total::numeric(10,2), x :: text");

    assertThat(template.jdbcSql()).isEqualTo("select ?::date, total::numeric(10,2), x :: text");
    assertThat(template.placeholders()).containsExactly("day");
  }

  @Test
  void a_colon_not_followed_by_a_name_start_is_kept() {
    SqlTemplate template = SqlTemplate.parse("select arr[1:2], :1, a := b, x:");

    assertThat(template.jdbcSql()).isEqualTo("select arr[1:2], :1, a := b, x:");
    assertThat(template.placeholders()).isEmpty();
  }

  @Test
  void colons_inside_string_literals_are_kept() {
    SqlTemplate template = SqlTemplate.parse("select '10:30', ':not_a_name' where id = :id");

    assertThat(template.jdbcSql()).isEqualTo("select '10:30', ':not_a_name' where id = ?");
    assertThat(template.placeholders()).containsExactly("id");
  }

  @Test
  void a_doubled_quote_does_not_end_a_literal() {
    SqlTemplate template = SqlTemplate.parse("select 'it''s :still_text '' :and_this' || :name");

    assertThat(template.jdbcSql()).isEqualTo("select 'it''s :still_text '' :and_this' || ?");
    assertThat(template.placeholders()).containsExactly("name");
  }

  @Test
  void quoted_identifiers_are_kept_with_their_colons() {
    SqlTemplate template = SqlTemplate.parse("select \"a:b\", \"say \"\":x\"\"\" from t where c = :c");

    assertThat(template.jdbcSql()).isEqualTo("select \"a:b\", \"say \"\":x\"\"\" from t where c = ?");
    assertThat(template.placeholders()).containsExactly("c");
  }

  @Test
  void line_comments_are_kept_to_their_end_of_line() {
    SqlTemplate template = SqlTemplate.parse("select 1 -- filter by :store, it's ?\nwhere s = :store -- :tail");

    assertThat(template.jdbcSql()).isEqualTo("select 1 -- filter by :store, it's ?\nwhere s = ? -- :tail");
    assertThat(template.placeholders()).containsExactly("store");
  }

  @Test
  void block_comments_are_kept_whole() {
    SqlTemplate template = SqlTemplate.parse("select /* :a\n 'unbalanced ? */ :b /* :c */");

    assertThat(template.jdbcSql()).isEqualTo("select /* :a\n 'unbalanced ? */ ? /* :c */");
    assertThat(template.placeholders()).containsExactly("b");
  }

  @Test
  void dollar_quoted_strings_are_kept_whole() {
    SqlTemplate template = SqlTemplate.parse("select $$ :a 'it's' ? $$, :b");

    assertThat(template.jdbcSql()).isEqualTo("select $$ :a 'it's' ? $$, ?");
    assertThat(template.placeholders()).containsExactly("b");
  }

  @Test
  void a_tagged_dollar_quote_ends_only_at_its_own_tag() {
    SqlTemplate template = SqlTemplate.parse("select $fn$ :a $$ :still_inside $fn$ || :b");

    assertThat(template.jdbcSql()).isEqualTo("select $fn$ :a $$ :still_inside $fn$ || ?");
    assertThat(template.placeholders()).containsExactly("b");
  }

  @Test
  void a_positional_dollar_reference_is_not_a_dollar_quote() {
    SqlTemplate template = SqlTemplate.parse("select $1, :a, $2");

    assertThat(template.jdbcSql()).isEqualTo("select $1, ?, $2");
    assertThat(template.placeholders()).containsExactly("a");
  }

  @Test
  void a_literal_question_mark_is_doubled() {
    SqlTemplate template = SqlTemplate.parse("select doc ? 'k', doc ?| array['a'] where id = :id");

    assertThat(template.jdbcSql()).isEqualTo("select doc ?? 'k', doc ??| array['a'] where id = ?");
    assertThat(template.placeholders()).containsExactly("id");
  }

  @Test
  void a_question_mark_inside_a_literal_is_left_alone() {
    assertThat(SqlTemplate.parse("select 'why?', \"who?\"").jdbcSql()).isEqualTo("select 'why?', \"who?\"");
  }

  @Test
  void unterminated_quotes_and_comments_run_to_the_end_without_failing() {
    assertThat(SqlTemplate.parse("select ':a").jdbcSql()).isEqualTo("select ':a");
    assertThat(SqlTemplate.parse("select 1 /* :a").jdbcSql()).isEqualTo("select 1 /* :a");
    assertThat(SqlTemplate.parse("select $$ :a").jdbcSql()).isEqualTo("select $$ :a");
    assertThat(SqlTemplate.parse("select 1 -- :a").placeholders()).isEmpty();
  }

  @Test
  void sql_without_parameters_is_unchanged() {
    SqlTemplate template = SqlTemplate.parse("select count(*) from books");

    assertThat(template.jdbcSql()).isEqualTo("select count(*) from books");
    assertThat(template.placeholders()).isEmpty();
    assertThat(template.names()).isEmpty();
  }
}
